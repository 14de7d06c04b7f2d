-- expect
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;

-- A quoted, schema-qualified table, and the column is one of several subcommands.
-- expect
ALTER TABLE billing."Invoices"
  ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR',
  ADD COLUMN "issuedAt" timestamptz NOT NULL;

-- DEFAULT NULL fills nothing.
-- expect
ALTER TABLE users ADD COLUMN plan text DEFAULT NULL NOT NULL;

-- PRIMARY KEY implies NOT NULL.
-- expect
ALTER TABLE sessions ADD COLUMN seq integer PRIMARY KEY;

-- A table the schema model has never seen counts as existing.
-- expect
ALTER TABLE IF EXISTS audit_log ADD COLUMN actor_id bigint NOT NULL;

-- Added nullable, then made NOT NULL with no backfill in between: every row still holds NULL.
ALTER TABLE users ADD COLUMN locale text;
ALTER TABLE users ALTER COLUMN locale SET DEFAULT 'en';
-- expect
ALTER TABLE users ALTER COLUMN locale SET NOT NULL;

-- The same inside one ALTER TABLE.
-- expect
ALTER TABLE sessions ADD COLUMN device text, ALTER COLUMN device SET NOT NULL;

-- A table created in this change, but rows were inserted before the column is added.
CREATE TABLE plans (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO plans (id, name) VALUES (1, 'free'), (2, 'pro');
-- expect
ALTER TABLE plans ADD COLUMN price_cents integer NOT NULL;

-- Near misses in a bad file: these must stay quiet.
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN nickname text;
UPDATE users SET nickname = email WHERE id BETWEEN 1 AND 1000;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;

-- Every table here already exists (base.sql or unknown to the catalog), so each form below rewrites it.
-- expect
ALTER TABLE users ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();

-- expect
ALTER TABLE app.orders ADD COLUMN placed_at timestamptz NOT NULL DEFAULT clock_timestamp();

-- expect
ALTER TABLE "Events" ADD COLUMN seq bigserial;

-- expect
ALTER TABLE IF EXISTS invoices ADD COLUMN number integer GENERATED ALWAYS AS IDENTITY;

-- expect
ALTER TABLE line_items ADD COLUMN amount numeric GENERATED ALWAYS AS (price * quantity) STORED;

-- One ALTER TABLE, two columns: only the second forces the rewrite.
-- expect
ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN api_token text DEFAULT md5(random()::text);

-- A function migrascope does not know may be VOLATILE (the default for CREATE FUNCTION).
-- expect
ALTER TABLE users ADD COLUMN invite_code text DEFAULT app.make_invite_code();

-- Declared in this file without a volatility: VOLATILE.
CREATE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql AS $$ SELECT 1 $$;
-- expect
ALTER TABLE app.orders ADD COLUMN ticket bigint DEFAULT next_ticket();

-- A domain with a CHECK is verified row by row, default or not.
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
-- expect
ALTER TABLE users ADD COLUMN karma positive_int;

-- Near misses, not reported: constant and stable defaults are stored once (PostgreSQL 11+).
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN contact email_address;

-- A table created in this change is empty.
CREATE TABLE sessions (id bigint PRIMARY KEY);
ALTER TABLE sessions ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN n bigserial;

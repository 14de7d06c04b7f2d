-- fixture: transaction=per-file
-- New tables first: no timeout needed.
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
ALTER TABLE audit_log ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at);

-- Row locks only.
UPDATE users SET email = lower(email) WHERE id < 1000;

-- SET LOCAL lasts until the framework's transaction ends, which covers the rest of the file.
SET LOCAL lock_timeout = '3s';
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
DROP INDEX users_legacy_idx;
ALTER TABLE app.accounts ADD CONSTRAINT accounts_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;
ALTER TABLE app.accounts VALIDATE CONSTRAINT accounts_owner_fkey;

-- fixture: transaction=per-file
-- Tables created in this change are empty: nobody waits on them.
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
ALTER TABLE audit_log ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- A lock_timeout bounds the wait for the lock, not the time the statement holds it.
SET LOCAL lock_timeout = '3s';
-- 0 disables the timeout.
SET LOCAL statement_timeout = 0;

-- SHARE UPDATE EXCLUSIVE does not block writes.
ALTER TABLE app.accounts VALIDATE CONSTRAINT accounts_owner_fkey;

-- expect
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
CREATE INDEX users_email_idx ON users (email);

-- Tables created in this change are empty and unused: nothing queues behind their locks.
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
CREATE INDEX audit_log_payload_idx ON audit_log USING gin (payload);
ALTER TABLE audit_log ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- SHARE UPDATE EXCLUSIVE does not block writes.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- 0 disables the timeout.
SET lock_timeout = 0;
-- statement_timeout does not count unless acceptStatementTimeout is set.
SET statement_timeout = '10min';
-- SET LOCAL outside a transaction block only warns: nothing is set.
SET LOCAL lock_timeout = '2s';

-- Reported once, on the first statement; the other two are counted in the message.
-- expect
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
DROP INDEX users_legacy_idx;
ALTER TABLE app.accounts ADD CONSTRAINT accounts_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;

CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
CREATE INDEX audit_log_payload_idx ON audit_log USING gin (payload);

SELECT set_config('statement_timeout', '15min', false);
SET lock_timeout = '3s';
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
CREATE INDEX users_email_idx ON users (email);
DROP INDEX users_legacy_idx;

-- fixture: transaction=per-file
-- Everything here may run inside the framework's transaction.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
CREATE INDEX users_deleted_at_idx ON users (deleted_at);
DROP INDEX users_email_idx;
REINDEX TABLE users;
ANALYZE users;
CLUSTER users USING users_pkey;
REFRESH MATERIALIZED VIEW CONCURRENTLY user_stats;
ALTER TYPE mood ADD VALUE 'meh';
ALTER DATABASE app SET statement_timeout = '5s';
ALTER TABLE events DETACH PARTITION events_2020;
CREATE SUBSCRIPTION archive CONNECTION 'host=replica dbname=app' PUBLICATION app_pub WITH (create_slot = false, enabled = false);
ALTER SUBSCRIPTION archive ADD PUBLICATION audit_pub WITH (refresh = false);
-- Without a slot, DROP SUBSCRIPTION may run in a transaction.
ALTER SUBSCRIPTION archive SET (slot_name = NONE);
DROP SUBSCRIPTION archive;

-- The file's own transaction blocks; between them statements run in autocommit.
BEGIN;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
-- expect
CREATE INDEX CONCURRENTLY users_deleted_at_idx ON users (deleted_at);
COMMIT;

-- Autocommit: fine.
CREATE INDEX CONCURRENTLY users_last_seen_idx ON users (last_seen);
VACUUM (ANALYZE) users;

START TRANSACTION;
-- expect
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
-- expect
REINDEX INDEX CONCURRENTLY users_pkey;
-- expect
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
-- expect
VACUUM users;
-- Plain ANALYZE may run in a transaction.
ANALYZE users;
-- REINDEX SCHEMA processes each table in its own transaction.
-- expect
REINDEX SCHEMA app;
-- A partitioned table is reindexed partition by partition (PostgreSQL 14+).
-- expect
REINDEX TABLE events;
REINDEX TABLE users;
-- expect
CLUSTER;
CLUSTER users USING users_pkey;
-- expect
CREATE DATABASE analytics;
-- expect
ALTER SYSTEM SET work_mem = '64MB';
-- create_slot defaults to true.
-- expect
CREATE SUBSCRIPTION reporting CONNECTION 'host=replica dbname=app' PUBLICATION app_pub;
CREATE SUBSCRIPTION archive CONNECTION 'host=replica dbname=app' PUBLICATION app_pub WITH (connect = false);
-- expect
ALTER SUBSCRIPTION reporting REFRESH PUBLICATION;
-- Adding an enum value inside a transaction is fine from PostgreSQL 12.
ALTER TYPE mood ADD VALUE 'meh';
REFRESH MATERIALIZED VIEW CONCURRENTLY user_stats;
END;

-- After END (= COMMIT) we are back in autocommit.
VACUUM users;

-- users holds production data: dropping its index blocks every query on it.
-- expect
DROP INDEX users_email_idx;

-- expect
DROP INDEX IF EXISTS app."Orders_Reference_idx";

-- Two indexes in one statement: both tables are locked at once.
-- expect
DROP INDEX users_name_idx, app.orders_user_id_idx CASCADE;

-- Not in the schema model: its table is unknown, so it counts as existing.
-- expect
DROP INDEX IF EXISTS accounts_created_at_idx;

-- Indexes of partitioned tables cannot be dropped concurrently at all.
-- expect
DROP INDEX events_at_idx;

-- Near misses: concurrent drops, and an index created by this change.
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
CREATE TABLE sessions (id bigint PRIMARY KEY, token text);
CREATE INDEX sessions_token_idx ON sessions (token);
DROP INDEX sessions_token_idx;

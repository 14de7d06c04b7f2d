-- Outside a transaction (autocommit), each statement releases its locks when it finishes.
ALTER TABLE users ADD COLUMN country text;
UPDATE users SET country = 'NL';

-- Explicit transactions that commit between the DDL and the backfill.
BEGIN;
ALTER TABLE users ADD COLUMN region text;
COMMIT;
BEGIN;
UPDATE users SET region = 'eu';
COMMIT;

-- A lock that does not block writes (SHARE UPDATE EXCLUSIVE).
BEGIN;
ALTER TABLE users VALIDATE CONSTRAINT users_locale_check;
UPDATE users SET locale = 'en';
COMMIT;

-- The lock is on a table created in this change.
BEGIN;
CREATE TABLE user_stats (user_id bigint PRIMARY KEY, orders int);
CREATE INDEX user_stats_orders_idx ON user_stats (orders);
INSERT INTO user_stats (user_id, orders) SELECT user_id, count(*) FROM app."Orders" GROUP BY user_id;
COMMIT;

-- The DML after the lock is bounded (one batch, or a key value).
BEGIN;
ALTER TABLE events ADD COLUMN source text;
UPDATE events SET source = 'api' WHERE id IN (SELECT id FROM events WHERE source IS NULL LIMIT 1000);
INSERT INTO events (id, kind) VALUES (1, 'init');
COMMIT;

-- The write comes before the lock.
BEGIN;
UPDATE users SET locale = 'en';
ALTER TABLE users ADD COLUMN theme text;
COMMIT;

-- Renaming an index or a sequence does not lock a table; system catalogs are not application tables.
BEGIN;
ALTER INDEX events_kind_idx RENAME TO events_kind_index;
ALTER SEQUENCE users_id_seq RENAME TO users_id_sequence;
UPDATE users SET locale = 'en';
COMMIT;
BEGIN;
ALTER TABLE events DISABLE TRIGGER ALL;
UPDATE pg_index SET indisready = false WHERE indrelid = 'events'::regclass;
COMMIT;

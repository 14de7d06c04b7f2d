-- fixture: transaction=implicit
-- The whole file is one multi-statement query until the first COMMIT (golang-migrate, Prisma).
-- expect
ALTER TABLE users ADD COLUMN country text;
-- The transaction already holds ACCESS EXCLUSIVE on users: reported once, on the statement that took it.
ALTER TABLE users ALTER COLUMN country SET DEFAULT 'NL';
UPDATE users SET country = 'NL';
COMMIT;

-- A SHARE lock (plain CREATE INDEX) blocks writes just the same; the backfill is on another table.
BEGIN;
-- expect
CREATE INDEX users_country_idx ON users (country);
UPDATE app."Orders" SET total = 0 WHERE total IS NULL;
COMMIT;

-- A foreign key locks both tables (SHARE ROW EXCLUSIVE).
BEGIN;
-- expect
ALTER TABLE app."Orders" ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
INSERT INTO events (id, kind) SELECT id, 'order' FROM app."Orders";
COMMIT;

-- DROP INDEX locks the index's table ACCESS EXCLUSIVE; an explicit LOCK TABLE holds its lock too.
BEGIN;
-- expect
DROP INDEX events_kind_idx;
-- expect
LOCK TABLE users IN SHARE MODE;
DELETE FROM events WHERE kind = 'legacy';
COMMIT;

-- Near misses: a bounded batch, and a lock on a table created in this change.
BEGIN;
ALTER TABLE users ALTER COLUMN locale SET DEFAULT 'en';
UPDATE users SET locale = 'en' WHERE id BETWEEN 1 AND 1000;
CREATE TABLE tags (id bigint PRIMARY KEY, name text);
CREATE INDEX tags_name_idx ON tags (name);
INSERT INTO tags SELECT id, email FROM users WHERE id = 1;
COMMIT;

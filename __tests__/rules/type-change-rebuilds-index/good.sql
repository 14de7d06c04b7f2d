-- Widenings keep the table and its indexes.
ALTER TABLE users ALTER COLUMN handle TYPE varchar(100);
ALTER TABLE users ALTER COLUMN handle TYPE text;
ALTER TABLE users ALTER COLUMN score TYPE numeric(12,2);
ALTER TABLE app.accounts ALTER COLUMN slug TYPE varchar;

-- Rewrites of columns no index covers (change-column-type reports those).
ALTER TABLE users ALTER COLUMN note TYPE varchar(10);
ALTER TABLE app.accounts ALTER COLUMN legacy_id TYPE bigint;

-- Not in the replayed schema: no known indexes (change-column-type reports the unknown type).
ALTER TABLE audit_log ALTER COLUMN id TYPE bigint;

-- A table created in this change is empty.
CREATE TABLE drafts (id integer PRIMARY KEY, title text);
CREATE INDEX drafts_title_idx ON drafts (title);
ALTER TABLE drafts ALTER COLUMN id TYPE bigint, ALTER COLUMN title TYPE citext;

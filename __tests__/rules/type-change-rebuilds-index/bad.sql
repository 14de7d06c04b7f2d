-- The rewrite rebuilds every index of the table under ACCESS EXCLUSIVE.
-- expect
ALTER TABLE users ALTER COLUMN id TYPE bigint;

-- No rewrite, but citext indexes use another operator class: users_email_key is rebuilt.
-- expect
ALTER TABLE users ALTER COLUMN email TYPE citext;

-- timestamp → timestamptz: the index is rebuilt even when the session TimeZone is UTC.
-- expect
ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz;

-- A COLLATE clause re-sorts the index.
-- expect
ALTER TABLE app.accounts ALTER COLUMN slug TYPE varchar(80) COLLATE "C";

-- Old type unknown (the table is not in the replayed schema), but its index is known.
CREATE INDEX CONCURRENTLY audit_log_actor_idx ON audit_log (actor_id);
-- expect
ALTER TABLE audit_log ALTER COLUMN actor_id TYPE bigint;

-- A USING expression always rewrites, whatever the old type.
CREATE INDEX CONCURRENTLY events_code_idx ON events (code);
-- expect
ALTER TABLE events ALTER COLUMN code TYPE integer USING nullif(code, '')::integer;

-- Near misses, not reported: no index covers the column, or the change keeps the index.
ALTER TABLE users ALTER COLUMN note TYPE varchar(10);
ALTER TABLE users ALTER COLUMN handle TYPE varchar(60);
ALTER TABLE app.accounts ALTER COLUMN legacy_id TYPE bigint;

-- Not in the replayed schema: counts as an existing table.
-- expect
ALTER TABLE events SET LOGGED;

-- expect
ALTER TABLE app."PageViews" SET UNLOGGED;

-- An unlogged table that already holds data: SET LOGGED copies all of it into the WAL.
-- expect
ALTER TABLE IF EXISTS import_staging SET LOGGED;

-- Near misses, not reported: already logged (a no-op), or a table created in this change.
ALTER TABLE audit SET LOGGED;
CREATE UNLOGGED TABLE scratch (id bigint);
ALTER TABLE scratch SET LOGGED;

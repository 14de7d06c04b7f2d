-- Asking for the persistence a table already has does nothing.
ALTER TABLE audit SET LOGGED;
ALTER TABLE import_staging SET UNLOGGED;

-- Tables created in this change are empty.
CREATE UNLOGGED TABLE scratch (id bigint);
ALTER TABLE scratch SET LOGGED;
CREATE TABLE cache_entries (key text PRIMARY KEY, value jsonb);
ALTER TABLE cache_entries SET UNLOGGED;

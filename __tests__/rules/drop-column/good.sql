-- Columns added in this change (also after a rename) are new.
ALTER TABLE users ADD COLUMN migration_marker boolean;
ALTER TABLE users RENAME COLUMN migration_marker TO marker;
ALTER TABLE users DROP COLUMN marker;

-- A table created in this change, renamed, then altered.
CREATE TABLE imports (id bigint PRIMARY KEY, raw text);
ALTER TABLE imports RENAME TO import_jobs;
ALTER TABLE import_jobs DROP COLUMN raw;

-- Other subcommands are not drops.
ALTER TABLE app.orders ALTER COLUMN notes DROP DEFAULT, DROP CONSTRAINT IF EXISTS orders_notes_check;

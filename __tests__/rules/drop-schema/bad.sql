-- expect
DROP SCHEMA reporting CASCADE;

-- expect
DROP SCHEMA IF EXISTS "Legacy";

-- A schema the schema model has never seen counts as existing.
-- expect
DROP SCHEMA IF EXISTS analytics CASCADE;

-- CREATE SCHEMA IF NOT EXISTS may have found the old schema.
CREATE SCHEMA IF NOT EXISTS archive;
-- expect
DROP SCHEMA archive CASCADE;

-- Near miss: created in this file.
CREATE SCHEMA tmp_migration;
DROP SCHEMA tmp_migration CASCADE;

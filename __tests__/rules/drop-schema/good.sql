-- A scratch schema created and dropped by the same migration.
CREATE SCHEMA migration_scratch;
CREATE TABLE migration_scratch.ids (id bigint);
DROP SCHEMA migration_scratch CASCADE;

-- Dropping objects inside a schema is other rules' business.
DROP TABLE IF EXISTS reporting.daily_revenue_old;

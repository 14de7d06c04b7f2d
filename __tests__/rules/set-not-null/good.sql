-- fixture: pg=18
-- Proven by the CHECK validated in base.sql: Postgres 12+ skips the scan.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;

-- The whole recipe within the change (each statement in its own transaction).
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;

-- The same recipe on a table the replayed schema does not know.
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_customer_present CHECK (customer_id IS NOT NULL) NOT VALID;
ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_customer_present;
ALTER TABLE billing.invoices ALTER COLUMN customer_id SET NOT NULL;

-- PostgreSQL 18: a NOT NULL constraint added NOT VALID, then validated.
ALTER TABLE users ADD CONSTRAINT users_bio_not_null NOT NULL bio NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_bio_not_null;
ALTER TABLE users ALTER COLUMN bio SET NOT NULL;

-- Already NOT NULL (primary key): nothing to check.
ALTER TABLE users ALTER COLUMN id SET NOT NULL;

-- A CHECK added without NOT VALID in the same statement: require-not-valid reports that scan.
ALTER TABLE users ADD CONSTRAINT users_name_present CHECK (name IS NOT NULL), ALTER COLUMN name SET NOT NULL;

-- Tables created in this change are empty.
CREATE TABLE sessions (id bigint, user_id bigint);
ALTER TABLE sessions ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE sessions ADD CONSTRAINT sessions_id_not_null NOT NULL id;

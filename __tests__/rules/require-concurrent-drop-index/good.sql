DROP INDEX CONCURRENTLY users_email_idx;
DROP INDEX CONCURRENTLY IF EXISTS app."Orders_Reference_idx";

-- A table created in this change is empty: a plain DROP INDEX is instant.
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
DROP INDEX invoices_customer_id_idx;

-- An index built by this change on an existing table has no traffic depending on it yet.
CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));
DROP INDEX users_lower_email_idx;

-- Dropping the constraint already removed its index; IF EXISTS then finds nothing to lock.
ALTER TABLE legacy DROP CONSTRAINT legacy_code_key;
DROP INDEX IF EXISTS legacy_code_key;

-- The transaction already holds ACCESS EXCLUSIVE on users (from the ALTER TABLE) until COMMIT:
-- the drop adds no blocking of its own.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
DROP INDEX users_name_idx;
COMMIT;

-- Dropping a table takes its indexes with it.
DROP TABLE app.orders;
DROP INDEX IF EXISTS app.orders_user_id_idx;

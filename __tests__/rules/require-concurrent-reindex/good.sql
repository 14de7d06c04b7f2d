REINDEX TABLE CONCURRENTLY users;
REINDEX INDEX CONCURRENTLY billing.invoices_number_key;
REINDEX (CONCURRENTLY) SCHEMA billing;

-- Tables and indexes created by this change are empty.
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz);
CREATE INDEX audit_log_at_idx ON audit_log (at);
REINDEX TABLE audit_log;
REINDEX INDEX audit_log_at_idx;
CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));
REINDEX INDEX users_lower_email_idx;

-- A schema created in this file holds only new tables.
CREATE SCHEMA staging;
CREATE TABLE staging.imports (id bigint);
REINDEX SCHEMA staging;

-- expect
REINDEX TABLE users;

-- expect
REINDEX INDEX billing.invoices_number_key;

-- expect
REINDEX (VERBOSE) TABLE billing."Invoices";

-- An index the schema model does not know: its table counts as existing.
-- expect
REINDEX INDEX orders_created_at_idx;

-- expect
REINDEX SCHEMA billing;

-- expect
REINDEX DATABASE;

-- Near misses.
REINDEX TABLE CONCURRENTLY users;
REINDEX (CONCURRENTLY, VERBOSE) INDEX users_email_idx;
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz);
REINDEX TABLE audit_log;

-- expect
TRUNCATE sessions;

-- CASCADE also empties the tables that reference users, directly or not.
-- expect
TRUNCATE TABLE ONLY users RESTART IDENTITY CASCADE;

-- One report per existing table; the new one is quiet.
CREATE TABLE import_rows (id bigint);
-- expect
TRUNCATE import_rows, app.order_lines;

-- A table the schema model has never seen counts as existing.
-- expect
TRUNCATE cache_entries;

-- expect
DROP TABLE audit_log;

-- expect
DROP TABLE IF EXISTS app."LegacyOrders" CASCADE;

-- IF EXISTS on a table the schema model does not know: we cannot prove it is new.
-- expect
DROP TABLE IF EXISTS old_sessions;

-- Several tables in one statement, one of them created in this change.
CREATE TABLE scratch (id int);
-- expect
DROP TABLE scratch, feature_flags;

-- Near misses: views are not tables, and a table created in this change.
DROP VIEW user_ids;
CREATE TABLE import_tmp (id int);
DROP TABLE import_tmp;

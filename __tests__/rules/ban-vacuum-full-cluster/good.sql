VACUUM users;
VACUUM (ANALYZE, VERBOSE) app."Orders";
ANALYZE users;
VACUUM (FULL off) users;

-- A table created by this change is new and small.
CREATE TABLE staging_import (id bigint, payload jsonb);
VACUUM FULL staging_import;
CLUSTER staging_import USING staging_import_pkey;

-- expect
VACUUM FULL users;

-- expect
VACUUM (FULL, ANALYZE, VERBOSE) app."Orders";

-- expect
CLUSTER users USING users_created_at_idx;

-- Re-clusters every table that was clustered before.
-- expect
CLUSTER;

-- Every table in the database.
-- expect
VACUUM FULL;

-- Only the existing table of the two is reported.
CREATE TABLE scratch (id bigint);
-- expect
VACUUM FULL scratch, users;

-- Near misses: plain VACUUM / ANALYZE take SHARE UPDATE EXCLUSIVE and block neither reads nor writes.
VACUUM users;
VACUUM (ANALYZE) users;
VACUUM (FULL false) users;
ANALYZE users;
CLUSTER scratch;

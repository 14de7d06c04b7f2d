-- expect
UPDATE users SET locale = 'en';

-- expect
UPDATE users SET locale = 'en' WHERE locale IS NULL;

-- Equality on a column that is not a key can match the whole table.
-- expect
UPDATE users SET status = 'active' WHERE status = 'pending';

-- A join to another table is not a bound.
-- expect
UPDATE app."Orders" AS o SET user_id = u.id FROM users u WHERE o.reference = u.email;

-- One-sided range on the key: everything after it.
-- expect
DELETE FROM events WHERE id > 1000;

-- A time range on a non-key column.
-- expect
DELETE FROM events WHERE created_at < now() - interval '90 days';

-- Only part of a composite key.
-- expect
DELETE FROM memberships WHERE org_id = 7;

-- IN (SELECT …) without LIMIT can be the whole table.
-- expect
DELETE FROM users WHERE id IN (SELECT user_id FROM memberships);

-- OR with one unbounded branch.
-- expect
UPDATE users SET status = 'x' WHERE id = 1 OR status IS NULL;

-- A data-modifying CTE.
-- expect
WITH moved AS (DELETE FROM events RETURNING *) SELECT count(*) FROM moved;

-- A table the schema model has never seen counts as existing.
-- expect
UPDATE legacy_accounts SET migrated = true;

-- Near misses: bounded, or on a table created in this change.
UPDATE users SET locale = 'en' WHERE id BETWEEN 1 AND 10000;
CREATE TABLE tmp_import (id int, v text);
INSERT INTO tmp_import VALUES (1, 'a');
UPDATE tmp_import SET v = upper(v);

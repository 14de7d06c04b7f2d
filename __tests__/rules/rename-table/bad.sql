-- expect
ALTER TABLE users RENAME TO accounts;

-- expect
ALTER TABLE IF EXISTS app."OrderItems" RENAME TO order_items;

-- A table the schema model has never seen counts as existing.
-- expect
ALTER TABLE "Sessions" RENAME TO sessions;

-- Near misses: a column rename, and a table created in this change.
ALTER TABLE accounts RENAME COLUMN id TO account_id;
CREATE TABLE tmp_people (id bigint);
ALTER TABLE tmp_people RENAME TO people;

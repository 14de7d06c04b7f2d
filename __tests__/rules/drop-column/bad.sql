-- expect
ALTER TABLE users DROP COLUMN legacy_flag;

-- expect
ALTER TABLE app.orders DROP COLUMN IF EXISTS coupon CASCADE;

-- One report per dropped column; the added column is not dropped.
-- expect
ALTER TABLE users DROP COLUMN "displayName", DROP COLUMN email, ADD COLUMN display_name text;

-- A table the schema model has never seen counts as existing.
-- expect
ALTER TABLE IF EXISTS invoices DROP COLUMN pdf_url;

-- Near misses: a column added earlier in this change, and a table created in it.
ALTER TABLE app.orders ADD COLUMN tmp_total numeric;
ALTER TABLE app.orders DROP COLUMN tmp_total;
CREATE TABLE carts (id bigint PRIMARY KEY, token text);
ALTER TABLE carts DROP COLUMN token;

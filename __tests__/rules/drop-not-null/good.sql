-- Columns and tables created in this change.
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free', ALTER COLUMN plan DROP NOT NULL;
CREATE TABLE coupons (code text PRIMARY KEY, expires_at timestamptz NOT NULL);
ALTER TABLE coupons ALTER COLUMN expires_at DROP NOT NULL;

-- Adding NOT NULL is another rule's business.
ALTER TABLE app.orders ALTER COLUMN shipped_at SET NOT NULL;

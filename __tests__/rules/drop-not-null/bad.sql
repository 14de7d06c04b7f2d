-- expect
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;

-- expect
ALTER TABLE app.orders ALTER shipped_at DROP NOT NULL, ALTER shipped_at DROP DEFAULT;

-- expect
ALTER TABLE users ALTER COLUMN "displayName" DROP NOT NULL, ADD COLUMN bio text NOT NULL DEFAULT '';

-- Near misses: a column added in this change, a table created in it.
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';
ALTER TABLE users ALTER COLUMN locale DROP NOT NULL;
CREATE TABLE carts (id bigint PRIMARY KEY, token text NOT NULL);
ALTER TABLE carts ALTER COLUMN token DROP NOT NULL;

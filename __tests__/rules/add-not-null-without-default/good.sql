-- A constant default fills existing rows (metadata only since PostgreSQL 11).
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;

-- Identity, serial and generated columns compute a value for every row.
ALTER TABLE sessions ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE sessions ADD COLUMN n bigserial;
ALTER TABLE users ADD COLUMN email_lower text NOT NULL GENERATED ALWAYS AS (lower(email)) STORED;

-- Nullable columns are fine.
ALTER TABLE users ADD COLUMN bio text;

-- Tables created in this change are empty.
CREATE TABLE teams (id bigint PRIMARY KEY);
ALTER TABLE teams ADD COLUMN name text NOT NULL;
ALTER TABLE teams ADD COLUMN slug text;
ALTER TABLE teams ALTER COLUMN slug SET NOT NULL;

-- ADD COLUMN IF NOT EXISTS on a column that is already there does nothing.
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text NOT NULL;

-- The recipe: add nullable, backfill, then constrain.
ALTER TABLE users ADD COLUMN country text;
UPDATE users SET country = 'NL' WHERE id >= 1 AND id < 10000;
ALTER TABLE users ADD CONSTRAINT users_country_not_null CHECK (country IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_country_not_null;
ALTER TABLE users ALTER COLUMN country SET NOT NULL;

-- A DO block may backfill: we cannot see it, so stay quiet.
ALTER TABLE sessions ADD COLUMN ip inet;
DO $$ BEGIN UPDATE sessions SET ip = '0.0.0.0'; END $$;
ALTER TABLE sessions ALTER COLUMN ip SET NOT NULL;

-- Emptied in this change first.
TRUNCATE sessions;
ALTER TABLE sessions ADD COLUMN token text NOT NULL;

-- A column that existed before: SET NOT NULL is another rule's business.
ALTER TABLE sessions ALTER COLUMN user_id SET NOT NULL;

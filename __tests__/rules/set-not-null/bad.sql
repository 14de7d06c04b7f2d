-- expect
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

-- The CHECK on name was never validated, so Postgres cannot rely on it.
-- expect
ALTER TABLE users ALTER COLUMN name SET NOT NULL;

-- expect
ALTER TABLE IF EXISTS app."Orders" ALTER COLUMN "customerId" SET NOT NULL;

-- Not in the replayed schema: counts as an existing table.
-- expect
ALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;

-- phone is proven by a validated CHECK; nickname is not, so the statement still scans.
-- expect
ALTER TABLE users ALTER COLUMN phone SET NOT NULL, ALTER COLUMN nickname SET NOT NULL;

-- PostgreSQL 18 table-level NOT NULL constraint, validated at once: the same scan.
-- expect
ALTER TABLE users ADD CONSTRAINT users_bio_not_null NOT NULL bio;

-- The proving CHECK was dropped before SET NOT NULL.
ALTER TABLE payments ADD CONSTRAINT payments_amount_present CHECK (amount IS NOT NULL) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT payments_amount_present;
ALTER TABLE payments DROP CONSTRAINT payments_amount_present;
-- expect
ALTER TABLE payments ALTER COLUMN amount SET NOT NULL;

-- Near misses, not reported: proven by the validated CHECK, already NOT NULL, or a new table.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
CREATE TABLE sessions (id bigint, user_id bigint);
ALTER TABLE sessions ALTER COLUMN user_id SET NOT NULL;

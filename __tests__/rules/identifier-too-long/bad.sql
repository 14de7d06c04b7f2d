-- expect
CREATE INDEX idx_post_aggregates_featured_community_newest_comment_time_necro ON post_aggregates (community_id, featured_community DESC, newest_comment_time_necro DESC);

-- expect
CREATE TABLE customer_subscription_billing_period_adjustment_history_entries_v2 (id bigint PRIMARY KEY, amount numeric(12,2));

-- Bytes, not characters: "é" takes two bytes in UTF-8, so this 63-character name is 64 bytes.
-- expect
ALTER TABLE app.orders ADD COLUMN "café_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" text, ADD COLUMN note text;

-- expect
ALTER TABLE orders ADD CONSTRAINT orders_customer_subscription_billing_period_adjustment_fkey_check CHECK (amount >= 0) NOT VALID;

-- expect
ALTER TABLE users RENAME COLUMN wants_marketing TO notification_preferences_for_marketing_emails_and_weekly_digests;

-- Using a long name that already exists is not defining one: Postgres truncates it the same way.
DROP INDEX IF EXISTS idx_post_aggregates_featured_community_newest_comment_time_necro;
SELECT count(*) FROM customer_subscription_billing_period_adjustment_history_entries_v2;

-- The application's queries that matter, planned on the seeded data before and after the migrations
-- (`--queries examples/queries.sql`). Format: docs/queries.md.

-- name: orders_of_user
-- params: 42
SELECT id, total, status FROM orders WHERE user_id = $1 ORDER BY id DESC LIMIT 20;

-- name: new_orders
SELECT count(*) FROM orders WHERE status = 'new';

-- name: user_profile
-- params: 7
SELECT id, email, name FROM users WHERE id = $1;

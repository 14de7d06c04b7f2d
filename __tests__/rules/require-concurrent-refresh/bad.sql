-- expect
REFRESH MATERIALIZED VIEW daily_sales;

-- No unique index yet: the fix says to add one first.
-- expect
REFRESH MATERIALIZED VIEW reports."TopCustomers" WITH DATA;

-- Unknown to the schema model: counts as existing.
-- expect
REFRESH MATERIALIZED VIEW user_stats;

-- Near misses: concurrent refresh, emptying a view, and a view created in this change.
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
REFRESH MATERIALIZED VIEW reports."TopCustomers" WITH NO DATA;
CREATE MATERIALIZED VIEW monthly_sales AS SELECT date_trunc('month', created_at) AS month, sum(total) AS total FROM orders GROUP BY 1;
REFRESH MATERIALIZED VIEW monthly_sales;

REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
REFRESH MATERIALIZED VIEW CONCURRENTLY reports."TopCustomers" WITH DATA;

-- WITH NO DATA empties the view and leaves it unscannable until the next refresh: a choice, not a lock problem here.
REFRESH MATERIALIZED VIEW daily_sales WITH NO DATA;

-- Created by this change: nobody reads it yet.
CREATE MATERIALIZED VIEW monthly_sales AS SELECT date_trunc('month', created_at) AS month, sum(total) AS total FROM orders GROUP BY 1 WITH NO DATA;
REFRESH MATERIALIZED VIEW monthly_sales;

CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric, created_at timestamptz);
CREATE MATERIALIZED VIEW daily_sales AS SELECT created_at::date AS day, sum(total) AS total FROM orders GROUP BY 1;
CREATE UNIQUE INDEX daily_sales_day_key ON daily_sales (day);
CREATE SCHEMA reports;
CREATE MATERIALIZED VIEW reports."TopCustomers" AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;

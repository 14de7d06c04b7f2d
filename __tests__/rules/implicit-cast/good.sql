-- Literals of the column's type, or string literals (typed unknown, they adopt the column type).
UPDATE orders SET archived = true WHERE id = 1 AND code = '42' AND status = 'paid' AND created_at < '2024-01-01';
DELETE FROM orders WHERE customer_id = 3000000000 OR customer_id IN (1, 2, 3);
DELETE FROM billing.invoices WHERE paid AND reference LIKE 'TMP-%';
UPDATE billing.invoices SET paid = false WHERE paid = true AND order_id BETWEEN 1 AND 100;

-- Numeric and floating-point columns take integer and decimal literals without casting the column.
UPDATE orders SET total = 0, weight = 1.5 WHERE total >= 10.5 AND weight > 1;

-- The literal is cast explicitly: the column is compared as it is.
DELETE FROM orders WHERE id = 1.0::integer;

-- Defaults that match, or that convert through text (assignment to string types always works).
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 1, ADD COLUMN note text DEFAULT 42, ADD COLUMN ratio real DEFAULT 0.5;
ALTER TABLE orders ADD COLUMN gift boolean NOT NULL DEFAULT false, ADD COLUMN big_total bigint DEFAULT 1e3;
ALTER TABLE orders ALTER COLUMN quantity SET DEFAULT 2;
CREATE TABLE refunds (id bigint PRIMARY KEY, amount numeric(12,2) DEFAULT 0, flagged boolean DEFAULT 'f', whole integer DEFAULT 2.0);

-- Unknown tables and columns: nothing to compare with.
UPDATE legacy_orders SET flag = 1 WHERE code = 42;
UPDATE orders SET archived = true FROM customers c WHERE c.id = orders.customer_id AND code = 42;
CREATE INDEX CONCURRENTLY orders_open_idx ON orders (id) WHERE archived = false AND quantity > 2;

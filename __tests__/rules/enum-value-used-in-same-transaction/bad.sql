-- fixture: transaction=per-file
ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'paid';
ALTER TYPE billing."InvoiceState" ADD VALUE IF NOT EXISTS 'VOID';

-- expect
UPDATE orders SET status = 'shipped' WHERE id IN (SELECT order_id FROM shipments);

-- expect
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'shipped';

-- expect
CREATE INDEX orders_shipped_idx ON orders (id) WHERE status = 'shipped';

-- expect
INSERT INTO billing.invoices (id, state, label) VALUES (1, 'VOID', 'void invoice');

-- expect
ALTER TABLE orders ADD CONSTRAINT orders_not_shipped_without_note CHECK (status <> 'shipped' OR note IS NOT NULL);

-- An explicit cast to the enum.
-- expect
SELECT count(*) FROM orders WHERE status::text = 'x' OR status = 'shipped'::order_status;

-- The same words as text, in text columns: not enum values.
UPDATE orders SET note = 'shipped' WHERE id = 2;
INSERT INTO order_events (id, kind) VALUES (3, 'shipped');
UPDATE billing.invoices SET label = 'VOID' WHERE id = 4;
SELECT 'shipped'::text;
COMMENT ON TYPE order_status IS 'shipped';
-- Existing values are fine.
UPDATE orders SET status = 'paid' WHERE id = 5;

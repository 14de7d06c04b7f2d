-- fixture: transaction=none
-- In autocommit each statement commits on its own, so the value is committed before it is used.
ALTER TYPE order_status ADD VALUE 'shipped';
UPDATE orders SET status = 'shipped' WHERE id = 1;

-- A transaction that only adds values, then one that uses them.
BEGIN;
ALTER TYPE order_status ADD VALUE 'returned';
ALTER TYPE billing."InvoiceState" ADD VALUE 'VOID';
COMMIT;
BEGIN;
UPDATE orders SET status = 'returned' WHERE id = 2;
UPDATE billing.invoices SET state = 'VOID' WHERE id = 3;
COMMIT;

-- Inside one transaction, the same words as text are not enum values.
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded';
UPDATE orders SET note = 'refunded' WHERE id = 4;
INSERT INTO order_events (id, kind) VALUES (5, 'refunded');
COMMIT;

-- numeric literal against an integer column: the column is cast to numeric, the primary key index is unused.
-- expect
UPDATE orders SET archived = true WHERE id = 1.0;

-- bigint column, numeric literal in an IN list: the whole list is compared as numeric.
-- expect
DELETE FROM orders WHERE customer_id IN (10, 20.5);

-- varchar compared with an integer: "operator does not exist: character varying = integer".
-- expect
UPDATE orders SET archived = true WHERE code = 42;

-- boolean compared with 0, schema-qualified table with an alias.
-- expect
DELETE FROM billing.invoices AS i WHERE i.paid = 0 AND i.reference = 'x';

-- enum compared with an integer.
-- expect
UPDATE orders SET archived = true WHERE status = 1 OR created_at < now() - interval '1 year';

-- Partial index predicate on a text column against a number fails; against a numeric literal, the predicate casts.
-- expect
CREATE INDEX CONCURRENTLY invoices_unpaid_idx ON billing.invoices (order_id) WHERE reference <> 0;
-- expect
CREATE INDEX orders_small_idx ON orders (id) WHERE quantity > 2.5;

-- Defaults: rounded, impossible, out of range.
-- expect
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 1.5;
-- expect
ALTER TABLE orders ADD COLUMN gift boolean NOT NULL DEFAULT 0;
-- expect
CREATE TABLE shipments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  boxes smallint NOT NULL DEFAULT 40000,
  shipped_at timestamptz DEFAULT 0
);

-- An UPDATE backfill assigns 2.5 to an integer column: stored as 3.
-- expect
UPDATE orders SET id = id, customer_id = 2.5 WHERE id > 100;

-- Near misses in one statement: string literals adopt the column type, integer literals fit every integer width.
UPDATE orders SET code = 'x' WHERE code = '42' AND customer_id = 3000000000 AND quantity = 1 AND total > 10 AND weight < 1.5;

-- A subquery has its own columns: not resolved against orders.
DELETE FROM orders WHERE id IN (SELECT order_id FROM billing.invoices WHERE reference = 'void');

-- Later subcommands see the new type: 0 is no default for a boolean.
-- expect
ALTER TABLE orders ALTER COLUMN quantity DROP DEFAULT, ALTER COLUMN quantity TYPE boolean USING quantity > 0, ALTER COLUMN quantity SET DEFAULT 0;

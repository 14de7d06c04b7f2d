-- expect
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);

-- expect
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);

-- Unnamed, schema-qualified, quoted, next to another subcommand.
-- expect
ALTER TABLE billing."Invoices" ADD COLUMN note text, ADD FOREIGN KEY ("customerId") REFERENCES billing.customers (id) ON DELETE CASCADE;

-- A column CHECK is verified against every existing row.
-- expect
ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);

-- A column REFERENCES is verified when a DEFAULT fills the column.
-- expect
ALTER TABLE orders ADD COLUMN region_id integer NOT NULL DEFAULT 1 REFERENCES regions (id);

-- NOT VALID then VALIDATE in one transaction: the scan runs under the lock the ADD took.
BEGIN;
ALTER TABLE payments ADD CONSTRAINT payments_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
-- expect
ALTER TABLE payments VALIDATE CONSTRAINT payments_order_fkey;
COMMIT;

-- Near misses, not reported.
ALTER TABLE orders ADD CONSTRAINT orders_total_max CHECK (total < 1000000) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_max;
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE refunds ADD CONSTRAINT refunds_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

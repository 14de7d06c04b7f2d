-- NOT VALID: only new rows are checked; the ADD is instant.
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;

-- VALIDATE in its own transaction: SHARE UPDATE EXCLUSIVE, reads and writes go on.
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;

-- A new column without a default is all NULL: Postgres skips the foreign key check.
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);

-- PostgreSQL 18: NOT ENFORCED constraints are never checked.
ALTER TABLE orders ADD CONSTRAINT orders_legacy_fkey FOREIGN KEY (legacy_id) REFERENCES orders (id) NOT ENFORCED;

-- Constraints on tables created in this change (the referenced table may be old).
CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), weight numeric CHECK (weight > 0));
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_max CHECK (weight < 1000);
ALTER TABLE shipments ADD COLUMN region_id integer NOT NULL DEFAULT 1 REFERENCES regions (id);
BEGIN;
ALTER TABLE shipments ADD CONSTRAINT shipments_user_fkey FOREIGN KEY (id) REFERENCES users (id) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_user_fkey;
COMMIT;

-- Changes of the same kinds, done without blocking traffic. migrascope stays quiet on all of it.
SET lock_timeout = '2s';

CREATE INDEX CONCURRENTLY orders_user_status_idx ON orders (user_id, status);

ALTER TABLE users ADD COLUMN tier text NOT NULL DEFAULT 'free';

ALTER TABLE orders ADD CONSTRAINT orders_total_below_limit CHECK (total < 1000000) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_below_limit;

-- Widening a varchar is metadata only.
ALTER TABLE users ALTER COLUMN email TYPE varchar(255);

-- A table created in this change is empty: plain index builds and constraints are instant here.
CREATE TABLE invoices (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL,
  amount   numeric(10, 2) NOT NULL
);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
ALTER TABLE invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

-- Each statement here is a common way to take production down during a deploy.

-- Blocks every write to orders while the index builds.
CREATE INDEX orders_status_idx ON orders (status);

-- Scans all of orders under ACCESS EXCLUSIVE to validate: no reads, no writes meanwhile.
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);

-- Rewrites the whole table and its indexes: numeric(10,2) -> integer is not binary-compatible.
ALTER TABLE orders ALTER COLUMN total TYPE integer;

-- Running code still reads users.name during the deploy.
ALTER TABLE users RENAME COLUMN name TO full_name;

-- One transaction updating every row.
UPDATE orders SET note = '';

-- Fails on the first existing row: the new column has no value to put there.
ALTER TABLE users ADD COLUMN plan text NOT NULL;

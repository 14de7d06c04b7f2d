CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- A table created in the same change is empty: a plain index build is instant and preferred.
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);

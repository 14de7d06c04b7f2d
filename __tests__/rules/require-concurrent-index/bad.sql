-- users exists already (it is not created in this change), so the build blocks writes.
-- expect
CREATE INDEX users_email_idx ON users (email);

-- expect
CREATE UNIQUE INDEX IF NOT EXISTS orders_ref_key ON app.orders (reference) WHERE deleted_at IS NULL;

CREATE INDEX CONCURRENTLY users_name_idx ON users (name);

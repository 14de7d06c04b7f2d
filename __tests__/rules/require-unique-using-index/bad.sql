-- expect
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- expect
ALTER TABLE app.accounts ADD PRIMARY KEY (id);

-- A new column with UNIQUE still builds an index over every existing row.
-- expect
ALTER TABLE "Orders" ADD COLUMN "externalRef" text UNIQUE;

-- USING INDEX, but legacy.id is nullable: Postgres first scans to SET NOT NULL.
-- expect
ALTER TABLE legacy ADD CONSTRAINT legacy_pkey PRIMARY KEY USING INDEX legacy_id_idx;

-- Not in the replayed schema: counts as an existing table.
-- expect
ALTER TABLE IF EXISTS invoices ADD CONSTRAINT invoices_number_key UNIQUE (number), ADD COLUMN note text;

-- Near misses, not reported.
CREATE UNIQUE INDEX CONCURRENTLY users_handle_idx ON users (handle);
ALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_idx;
CREATE TABLE tokens (id bigint, value text);
ALTER TABLE tokens ADD PRIMARY KEY (id), ADD CONSTRAINT tokens_value_key UNIQUE (value);

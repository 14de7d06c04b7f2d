-- integer referencing a bigint id: inserts fail once users.id passes 2^31.
-- expect
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  total numeric(12,2) NOT NULL
);

-- The referenced column list is omitted, so it is accounts' primary key (uuid): Postgres refuses varchar → uuid.
-- expect
ALTER TABLE orders ADD COLUMN account_id varchar(36) REFERENCES accounts;

-- Several subcommands: the column is added and constrained in the same statement (varchar → text).
-- expect
ALTER TABLE orders
  ADD COLUMN plan_slug varchar(40),
  ADD CONSTRAINT orders_plan_slug_fkey FOREIGN KEY (plan_slug) REFERENCES billing.plans (slug) NOT VALID;

-- Self-reference inside the CREATE TABLE: the key's type comes from the statement itself.
-- expect
CREATE TABLE comments (
  id bigserial PRIMARY KEY,
  parent_id int REFERENCES comments,
  body text NOT NULL
);

-- Quoted identifiers, table constraint: text referencing char(2) casts the referencing column.
-- expect
CREATE TABLE "Invoice" (
  "Id" serial PRIMARY KEY,
  "countryCode" text NOT NULL,
  CONSTRAINT "Invoice_country_fkey" FOREIGN KEY ("countryCode") REFERENCES countries (code)
);

-- numeric cannot be compared with bigint through the key's operator: Postgres refuses the constraint.
-- expect
ALTER TABLE IF EXISTS orders ADD COLUMN legacy_user numeric(20,0), ADD FOREIGN KEY (legacy_user) REFERENCES users (id);

-- A column of an existing table, typed through the catalog: timestamp vs timestamptz.
-- expect
CREATE TABLE event_notes (happened_at timestamp NOT NULL REFERENCES events (happened_at), note text);

-- Only the length differs (varchar(64) vs varchar(20)): no cast, not reported.
ALTER TABLE orders ADD COLUMN account_code varchar(64) REFERENCES accounts (code);

-- The referenced table is unknown: nothing to compare.
ALTER TABLE orders ADD COLUMN warehouse_id int REFERENCES warehouses (id);

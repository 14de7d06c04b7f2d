-- Constant defaults: stored once in the catalog (PostgreSQL 11+ "fast default"), no rewrite.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN tags text[] NOT NULL DEFAULT '{}'::text[];
ALTER TABLE users ADD COLUMN settings jsonb NOT NULL DEFAULT jsonb_build_object('theme', 'light');
ALTER TABLE users ADD COLUMN deleted_at timestamptz DEFAULT NULL;

-- Stable defaults are evaluated once, for the whole ALTER TABLE: no rewrite.
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE app.orders ADD COLUMN seen_at timestamptz DEFAULT CURRENT_TIMESTAMP, ADD COLUMN created_by text DEFAULT current_user;
ALTER TABLE app.orders ADD COLUMN created_xid bigint DEFAULT txid_current();

-- No default at all.
ALTER TABLE "Events" ADD COLUMN source text;

-- A VIRTUAL generated column (PostgreSQL 18) is computed on read.
ALTER TABLE users ADD COLUMN full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) VIRTUAL;

-- A function declared STABLE in this file.
CREATE FUNCTION current_tenant() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT current_setting('app.tenant')::uuid $$;
ALTER TABLE users ADD COLUMN tenant_id uuid DEFAULT current_tenant();

-- A domain without constraints.
ALTER TABLE users ADD COLUMN contact email_address;

-- SET DEFAULT only affects new rows.
ALTER TABLE users ALTER COLUMN email SET DEFAULT gen_random_uuid()::text;

-- IF NOT EXISTS on a column that is already there does nothing.
ALTER TABLE users ADD COLUMN IF NOT EXISTS id bigserial;

-- Tables created in this change are empty.
CREATE TABLE api_keys (id bigint PRIMARY KEY);
ALTER TABLE api_keys ADD COLUMN key uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN n bigserial, ADD COLUMN m int GENERATED ALWAYS AS IDENTITY;

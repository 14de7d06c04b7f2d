-- expect
CREATE TABLE webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload json NOT NULL,
  headers jsonb
);

-- Several subcommands, schema-qualified table: only the json column is reported.
-- expect
ALTER TABLE billing.invoices ADD COLUMN IF NOT EXISTS metadata pg_catalog.json, ADD COLUMN tags jsonb;

-- Changing a column to json.
-- expect
ALTER TABLE "Settings" ALTER COLUMN "value" TYPE json USING "value"::json;

-- An array of json.
-- expect
ALTER TABLE audit ADD COLUMN changes json[];

-- A user type that happens to be called json, in another schema, is not the built-in.
ALTER TABLE audit ADD COLUMN doc app.json;

CREATE TABLE webhook_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL);
ALTER TABLE webhook_events ADD COLUMN headers jsonb, ALTER COLUMN payload TYPE jsonb;
-- Casting to json in an expression is not a column declaration.
UPDATE webhook_events SET headers = '{}'::json::jsonb WHERE headers IS NULL;
CREATE VIEW webhook_payloads AS SELECT id, payload::json AS raw FROM webhook_events;

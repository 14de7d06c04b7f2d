CREATE TABLE sessions (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), day date);
ALTER TABLE sessions ADD COLUMN expires_at timestamp with time zone, ALTER COLUMN created_at TYPE timestamptz(3);
-- Converting to timestamptz is the fix.
ALTER TABLE app.events ALTER COLUMN occurred_at TYPE timestamptz USING occurred_at AT TIME ZONE 'UTC';
-- A cast in a query is not a column declaration.
UPDATE sessions SET day = created_at::timestamp::date;

-- expect
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  created_at timestamp NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Precision and the long spelling are the same type.
-- expect
ALTER TABLE app.events ADD COLUMN occurred_at timestamp(3) without time zone, ADD COLUMN received_at timestamp with time zone;

-- Changing a column to timestamp without time zone.
-- expect
ALTER TABLE "Document" ALTER COLUMN "completedAt" TYPE timestamp USING "completedAt" AT TIME ZONE 'UTC';

-- date and time columns are not instants: not reported.
ALTER TABLE app.events ADD COLUMN business_day date, ADD COLUMN opens_at time;

BEGIN;
ALTER TABLE users ADD COLUMN last_seen timestamptz;
COMMIT;

START TRANSACTION;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
-- END is COMMIT in Postgres.
END;

BEGIN;
UPDATE users SET last_seen = now() WHERE id = 1;
ROLLBACK;

BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
-- Commits and opens the next transaction at once...
COMMIT AND CHAIN;
ALTER TABLE users ADD COLUMN avatar_url text;
-- ...which is committed here.
COMMIT;

-- A BEGIN … END inside a function body is PL/pgSQL, not a transaction.
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;

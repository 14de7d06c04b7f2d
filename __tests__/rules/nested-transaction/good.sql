-- fixture: transaction=per-file
-- The framework's transaction covers the whole file.
ALTER TABLE users ADD COLUMN last_seen timestamptz;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
SAVEPOINT before_backfill;
UPDATE users SET last_seen = now() WHERE last_seen IS NULL;
RELEASE SAVEPOINT before_backfill;

-- PL/pgSQL BEGIN … END is not a transaction.
DO $$
BEGIN
  PERFORM 1;
END;
$$;

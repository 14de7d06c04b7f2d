-- A closed block first: fine.
BEGIN;
ALTER TABLE users ADD COLUMN last_seen timestamptz;
COMMIT;

-- Then a block that is never closed: reported on its BEGIN.
-- expect
START TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
SAVEPOINT before_backfill;
UPDATE users SET deleted_at = NULL WHERE deleted_at IS NOT NULL;
ROLLBACK TO SAVEPOINT before_backfill;
RELEASE SAVEPOINT before_backfill;

-- fixture: transaction=per-file
ALTER TABLE users ADD COLUMN last_seen timestamptz;

-- BEGIN inside the framework's transaction; its COMMIT then ends the framework's transaction early.
-- expect
BEGIN;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
COMMIT;

-- From here on nothing wraps the statements: this BEGIN really starts a transaction, so it is not nested.
BEGIN;
UPDATE users SET last_seen = now() WHERE last_seen IS NULL;
COMMIT;

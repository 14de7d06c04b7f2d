-- Key range batches.
UPDATE users SET locale = 'en' WHERE id >= 1 AND id < 10001 AND locale IS NULL;
UPDATE users SET locale = 'en' WHERE users.id BETWEEN 10001 AND 20000;

-- Key equality and IN lists (targeted data fixes).
UPDATE users SET status = 'banned' WHERE id = 42;
UPDATE app."Orders" SET state = 'void' WHERE uuid IN ('7d3f0c0e-0000-4000-8000-000000000001', '7d3f0c0e-0000-4000-8000-000000000002');
UPDATE app."Orders" SET state = 'void' WHERE reference = 'INV-2024-001';
DELETE FROM memberships WHERE org_id = 7 AND user_id = 9;
UPDATE users SET status = 'x' WHERE id = ANY('{1,2,3}'::bigint[]);
UPDATE users SET status = 'x' WHERE id = (SELECT user_id FROM memberships WHERE org_id = 1 AND user_id = 2);

-- LIMITed subqueries (one batch).
DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < now() - interval '90 days' LIMIT 5000);
UPDATE users SET locale = 'en' WHERE ctid = ANY(ARRAY(SELECT ctid FROM users WHERE locale IS NULL LIMIT 1000));

-- Both branches bounded.
UPDATE users SET status = 'x' WHERE id = 1 OR id BETWEEN 10 AND 20;

-- Tables created in this change are new: rows in them were inserted by the change itself.
CREATE TABLE settings (key text PRIMARY KEY, value text);
INSERT INTO settings VALUES ('theme', 'dark');
UPDATE settings SET value = lower(value);
DELETE FROM settings;

-- SQL function bodies are not run by the migration.
CREATE FUNCTION reset_locales() RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE users SET locale = NULL; END;

-- System catalogs are not application tables.
UPDATE pg_index SET indisready = true WHERE indrelid = 'events'::regclass;

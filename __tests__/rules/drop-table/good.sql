-- Scratch tables created in the same change.
CREATE TEMPORARY TABLE batch_ids (id bigint);
DROP TABLE batch_ids;

CREATE TABLE app.staging (id bigint PRIMARY KEY);
DROP TABLE IF EXISTS app.staging CASCADE;

-- Dropping other kinds of objects is not this rule's business.
DROP VIEW IF EXISTS user_ids;
DROP INDEX IF EXISTS users_pkey;

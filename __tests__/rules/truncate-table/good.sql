-- Tables created in this change hold only what the change put there.
CREATE TABLE staging_users (id bigint, email text);
INSERT INTO staging_users VALUES (1, 'a@example.com');
TRUNCATE staging_users;
CREATE TEMP TABLE batch (id bigint);
TRUNCATE TABLE batch RESTART IDENTITY;

CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, phone text, nickname text, bio text);
-- A validated CHECK proves phone is never NULL.
ALTER TABLE users ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_phone_not_null;
-- Added NOT VALID and never validated: it proves nothing yet.
ALTER TABLE users ADD CONSTRAINT users_name_not_null CHECK (name IS NOT NULL) NOT VALID;
CREATE TABLE app."Orders" (id bigint PRIMARY KEY, "customerId" bigint);

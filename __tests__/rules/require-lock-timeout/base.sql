CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, legacy_ref text);
CREATE INDEX users_legacy_idx ON users (legacy_ref);
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, owner_id bigint);

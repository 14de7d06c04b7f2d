CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, locale text);
CREATE SCHEMA app;
CREATE TABLE app."Orders" (id bigint PRIMARY KEY, user_id bigint, total numeric);
CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE users ADD CONSTRAINT users_locale_check CHECK (locale <> '') NOT VALID;

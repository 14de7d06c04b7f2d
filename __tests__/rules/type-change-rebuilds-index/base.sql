CREATE SCHEMA app;
CREATE TABLE users (
  id integer PRIMARY KEY,
  email text NOT NULL,
  handle varchar(30),
  note text,
  score numeric(8,2),
  created_at timestamp NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_created_at_idx ON users (created_at);
CREATE INDEX users_score_idx ON users (score);
CREATE INDEX users_handle_idx ON users (handle);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, slug varchar(40) NOT NULL, legacy_id integer);
CREATE UNIQUE INDEX accounts_slug_key ON app.accounts (slug);

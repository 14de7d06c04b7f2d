CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE accounts (id uuid PRIMARY KEY, code varchar(20) NOT NULL UNIQUE);
CREATE SCHEMA billing;
CREATE TABLE billing.plans (id serial PRIMARY KEY, slug text NOT NULL UNIQUE);
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, UNIQUE (happened_at));
CREATE DOMAIN user_id AS bigint;

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, "displayName" text NOT NULL);
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, shipped_at timestamptz NOT NULL);

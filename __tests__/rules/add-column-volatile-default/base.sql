CREATE SCHEMA app;
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, first_name text, last_name text);
CREATE TABLE app.orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, total numeric(12,2) NOT NULL);
CREATE TABLE "Events" (id bigint, payload jsonb);
CREATE TABLE line_items (id bigint PRIMARY KEY, price numeric(12,2), quantity int);
CREATE DOMAIN email_address AS text;

CREATE TABLE users (id bigserial PRIMARY KEY, email text, "fullName" text);
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, amount numeric);
CREATE VIEW user_emails AS SELECT id, email FROM users;

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
CREATE SCHEMA billing;
CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY, total numeric);
CREATE TABLE sessions (id uuid PRIMARY KEY, user_id bigint);
CREATE VIEW active_users AS SELECT * FROM users;

CREATE TABLE users (id bigserial PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app."Orders" (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE TABLE app.order_lines (id bigint PRIMARY KEY, order_id bigint REFERENCES app."Orders" (id));
CREATE TABLE sessions (id uuid PRIMARY KEY);

CREATE TABLE users (id bigserial PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app."LegacyOrders" (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE TABLE audit_log (id bigint PRIMARY KEY);
CREATE VIEW user_ids AS SELECT id FROM users;
CREATE TABLE feature_flags (name text PRIMARY KEY);

CREATE TABLE users (id bigserial PRIMARY KEY, email text, legacy_flag boolean, "displayName" text);
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, coupon text, notes text);

CREATE SCHEMA billing;
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE regions (id integer PRIMARY KEY);
CREATE TABLE coupons (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(12,2), legacy_id bigint);
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint);
CREATE TABLE billing.customers (id bigint PRIMARY KEY);
CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY, "customerId" bigint);

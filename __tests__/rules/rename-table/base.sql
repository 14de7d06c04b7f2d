CREATE TABLE users (id bigserial PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app."OrderItems" (id bigint PRIMARY KEY);

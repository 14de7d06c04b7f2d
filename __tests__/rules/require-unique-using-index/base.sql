CREATE SCHEMA app;
CREATE TABLE users (id bigint, email text, handle text);
CREATE TABLE app.accounts (id bigint NOT NULL, slug text);
CREATE TABLE "Orders" (id bigint PRIMARY KEY);
CREATE TABLE legacy (id bigint, payload text);
CREATE UNIQUE INDEX legacy_id_idx ON legacy (id);
CREATE TABLE archive (id bigint NOT NULL, payload text);
CREATE UNIQUE INDEX archive_id_idx ON archive (id);

CREATE SCHEMA app;
CREATE TABLE audit (id bigint PRIMARY KEY);
CREATE UNLOGGED TABLE import_staging (id bigint, row_data text);
CREATE TABLE app."PageViews" (id bigint, url text);

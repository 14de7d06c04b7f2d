CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
CREATE TABLE legacy_items (id integer NOT NULL, sku text);
CREATE UNIQUE INDEX legacy_items_id_idx ON legacy_items (id);
CREATE TABLE counters (name text PRIMARY KEY, value integer NOT NULL);

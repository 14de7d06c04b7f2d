-- Binary-coercible changes only touch the catalog.
ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
ALTER TABLE users ALTER COLUMN name TYPE text;
ALTER TABLE users ALTER COLUMN bio TYPE varchar;
ALTER TABLE users ALTER COLUMN balance TYPE numeric(14,2);
ALTER TABLE billing."Invoices" ALTER COLUMN "Amount" TYPE numeric;
ALTER TABLE users ALTER COLUMN ip TYPE inet;
ALTER TABLE users ALTER COLUMN flags TYPE bit varying(64);
ALTER TABLE billing."Invoices" ALTER COLUMN issued_at TYPE timestamp(6) with time zone;
ALTER TABLE users ALTER COLUMN tags TYPE varchar[];
ALTER TABLE users ALTER COLUMN code TYPE bpchar;

-- Same type: nothing happens.
ALTER TABLE users ALTER COLUMN age TYPE int4;

-- A USING that is just the column (or its cast to the new type) changes nothing.
ALTER TABLE billing."Invoices" ALTER COLUMN ref TYPE varchar(40) USING ref::varchar(40);
ALTER TABLE users ALTER COLUMN kind TYPE varchar USING kind;

-- text → citext is binary-coercible (its indexes are rebuilt: see type-change-rebuilds-index).
ALTER TABLE users ALTER COLUMN bio TYPE citext;

-- With the session TimeZone set to UTC, timestamp ↔ timestamptz only touches the catalog (PostgreSQL 12+).
SET timezone = 'UTC';
ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz;
BEGIN;
SET LOCAL TIME ZONE 'Etc/UTC';
ALTER TABLE billing."Invoices" ALTER COLUMN issued_at TYPE timestamp;
COMMIT;

-- A table created in this change is empty.
CREATE TABLE drafts (id integer, body varchar(10));
ALTER TABLE drafts ALTER COLUMN id TYPE bigint, ALTER COLUMN body TYPE varchar(5);

-- int → bigint converts every value.
-- expect
ALTER TABLE users ALTER COLUMN age TYPE bigint;

-- Shortening a varchar limit checks and rewrites every row.
-- expect
ALTER TABLE users ALTER COLUMN email TYPE varchar(50);

-- text → varchar(n) adds a limit.
-- expect
ALTER TABLE users ALTER COLUMN bio TYPE varchar(500);

-- A different numeric scale converts every value (schema-qualified, quoted names).
-- expect
ALTER TABLE billing."Invoices" ALTER COLUMN "Amount" TYPE numeric(12,4);

-- char(n) → text strips the padding of every value.
-- expect
ALTER TABLE users ALTER COLUMN code TYPE text;

-- A USING expression is evaluated for every row, even when the types alone would be binary-coercible.
-- expect
ALTER TABLE users ALTER COLUMN kind TYPE text USING trim(kind);

-- Rewrite-free only when the session TimeZone is UTC.
-- expect
ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz;

-- SET LOCAL only lasts until the end of its transaction.
BEGIN;
SET LOCAL timezone = 'UTC';
COMMIT;
-- expect
ALTER TABLE billing."Invoices" ALTER COLUMN issued_at TYPE timestamp(3);

-- Array element conversions rewrite.
-- expect
ALTER TABLE users ALTER COLUMN tags TYPE text[];

-- Several subcommands: the safe widening does not hide the rewrite.
-- expect
ALTER TABLE IF EXISTS users ALTER COLUMN name TYPE varchar(100), ALTER COLUMN balance TYPE money;

-- Not in the replayed schema: the old type is unknown.
-- expect
ALTER TABLE audit_log ALTER COLUMN payload TYPE jsonb USING payload::jsonb;

-- A column of CREATE TABLE AS has no known type.
-- expect
ALTER TABLE report_rows ALTER COLUMN n TYPE bigint;

-- Near misses, not reported: widening after the change above, cidr → inet, and a table created here.
ALTER TABLE users ALTER COLUMN email TYPE varchar(200);
ALTER TABLE users ALTER COLUMN ip TYPE inet;
CREATE TABLE drafts (id integer, body varchar(10));
ALTER TABLE drafts ALTER COLUMN id TYPE bigint;

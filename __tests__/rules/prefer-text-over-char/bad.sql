-- expect
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);

-- character without a length is char(1).
-- expect
ALTER TABLE app.users ADD COLUMN gender character, ADD COLUMN nickname varchar(40);

-- expect
ALTER TABLE "Jobs" ALTER COLUMN "parentUuid" TYPE bpchar(36);

-- The quoted "char" type is Postgres' one-byte internal type, not char(n).
ALTER TABLE app.users ADD COLUMN kind "char";

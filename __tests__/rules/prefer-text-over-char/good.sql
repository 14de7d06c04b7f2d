CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name varchar(100) NOT NULL);
ALTER TABLE countries ADD COLUMN flag "char", ADD COLUMN iso3 character varying(3);
-- A cast in an expression is not a column declaration.
UPDATE countries SET name = code::char(2) WHERE name IS NULL;

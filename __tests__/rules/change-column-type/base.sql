CREATE SCHEMA billing;
CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(100) NOT NULL,
  name varchar(50),
  bio text,
  code char(8),
  balance numeric(10,2),
  ip cidr,
  flags bit varying(8),
  created_at timestamp,
  tags varchar(20)[],
  age integer,
  kind text
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY, "Amount" numeric(12,2), ref varchar(20), issued_at timestamptz(3));
CREATE TABLE report_rows (n) AS SELECT 1;

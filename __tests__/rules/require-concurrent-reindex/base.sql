CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);
CREATE SCHEMA billing;
CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY, number text);
CREATE UNIQUE INDEX invoices_number_key ON billing."Invoices" (number);

CREATE TYPE order_status AS ENUM ('pending', 'paid');
CREATE SCHEMA billing;
CREATE TYPE billing."InvoiceState" AS ENUM ('DRAFT', 'SENT');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending', note text);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, state billing."InvoiceState" NOT NULL, label text);
CREATE TABLE order_events (id bigint, kind text NOT NULL, status order_status);

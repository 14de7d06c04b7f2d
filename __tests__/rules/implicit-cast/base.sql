CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TABLE orders (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL,
  code varchar(20) NOT NULL,
  status order_status NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  total numeric(12,2) NOT NULL,
  weight double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  quantity smallint NOT NULL DEFAULT 1
);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, reference text NOT NULL, order_id integer NOT NULL, paid boolean NOT NULL);

-- The schema already in production. Passed with --base: it builds the schema model, it is not reported.
CREATE TABLE users (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      varchar(120) NOT NULL,
  name       varchar(80),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id),
  total      numeric(10, 2) NOT NULL,
  status     text NOT NULL DEFAULT 'new',
  note       text
);

CREATE INDEX orders_user_id_idx ON orders (user_id);

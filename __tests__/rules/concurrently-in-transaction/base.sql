CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, last_seen timestamptz);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX events_at_idx ON events (at);
CREATE TYPE mood AS ENUM ('happy', 'sad');

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, locale text, status text);
CREATE SCHEMA app;
CREATE TABLE app."Orders" (uuid uuid PRIMARY KEY, reference text UNIQUE, user_id bigint, state text);
CREATE TABLE memberships (org_id bigint, user_id bigint, role text, PRIMARY KEY (org_id, user_id));
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz, payload jsonb);

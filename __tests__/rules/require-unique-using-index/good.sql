-- Build the index without blocking writes, then attach it.
CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;

-- A primary key over columns that are already NOT NULL needs no scan.
ALTER TABLE archive ADD CONSTRAINT archive_pkey PRIMARY KEY USING INDEX archive_id_idx;

-- SET NOT NULL in the same statement: set-not-null reports that scan, not this rule.
ALTER TABLE legacy ALTER COLUMN id SET NOT NULL, ADD CONSTRAINT legacy_pkey PRIMARY KEY USING INDEX legacy_id_idx;

-- Tables created in this change are empty.
CREATE TABLE tokens (id bigint, value text);
ALTER TABLE tokens ADD PRIMARY KEY (id), ADD CONSTRAINT tokens_value_key UNIQUE (value);
ALTER TABLE tokens ADD COLUMN code text UNIQUE;

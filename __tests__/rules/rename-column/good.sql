-- New tables and new columns have no readers yet.
CREATE TABLE invoices (id bigint PRIMARY KEY, amt numeric);
ALTER TABLE invoices RENAME COLUMN amt TO amount;
ALTER TABLE users ADD COLUMN tmp_flag boolean;
ALTER TABLE users RENAME COLUMN tmp_flag TO is_verified;

-- Renaming a view's column is a view change, not a table column rename.
ALTER VIEW user_emails RENAME COLUMN email TO address;

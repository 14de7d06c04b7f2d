-- expect
ALTER TABLE users RENAME COLUMN email TO email_address;

-- expect
ALTER TABLE app.orders RENAME amount TO amount_cents;

-- expect
ALTER TABLE IF EXISTS ONLY users RENAME COLUMN "fullName" TO full_name;

-- Renaming a column twice: the second rename still renames old data's column.
-- expect
ALTER TABLE users RENAME COLUMN email_address TO primary_email;

-- Near misses: a column added in this change, a table created in it, a table rename.
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE users RENAME COLUMN nick TO nickname;
CREATE TABLE tmp (a int);
ALTER TABLE tmp RENAME COLUMN a TO b;
ALTER TABLE users RENAME TO accounts;

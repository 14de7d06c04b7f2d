-- Created in this change: nothing deployed uses the name yet.
CREATE TABLE invoice_drafts (id bigint PRIMARY KEY);
ALTER TABLE invoice_drafts RENAME TO invoices;
ALTER TABLE invoices RENAME TO billing_invoices;

-- Other objects.
ALTER INDEX users_pkey RENAME TO users_pk;
ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;

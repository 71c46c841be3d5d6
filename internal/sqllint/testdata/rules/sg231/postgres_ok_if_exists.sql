SET lock_timeout = '5s';
ALTER TABLE invoices DROP COLUMN IF EXISTS draft;
DROP TABLE IF EXISTS invoice_drafts;

SET lock_timeout = '5s';
ALTER TABLE invoices ALTER COLUMN due_at DROP NOT NULL;

SET lock_timeout = '5s';
-- schemagate:ignore SG202 no code reads it since v12
ALTER TABLE invoices DROP COLUMN total_cents;
ALTER TABLE invoice RENAME TO bills;

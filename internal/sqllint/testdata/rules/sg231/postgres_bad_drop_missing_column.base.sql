CREATE TABLE invoices (id bigint PRIMARY KEY, total_cents bigint NOT NULL);
ALTER TABLE invoices RENAME COLUMN total_cents TO amount_cents;

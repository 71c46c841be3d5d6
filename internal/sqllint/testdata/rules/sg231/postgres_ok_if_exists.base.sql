CREATE TABLE invoices (id bigint PRIMARY KEY, total_cents bigint NOT NULL);

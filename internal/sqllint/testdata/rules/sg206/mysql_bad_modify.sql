SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders MODIFY COLUMN total decimal(12,2) NOT NULL;

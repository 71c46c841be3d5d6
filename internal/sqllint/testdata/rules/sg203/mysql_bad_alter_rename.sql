SET SESSION lock_wait_timeout = 5;
ALTER TABLE customers RENAME TO clients;

SET SESSION lock_wait_timeout = 5;
RENAME TABLE customers TO clients;

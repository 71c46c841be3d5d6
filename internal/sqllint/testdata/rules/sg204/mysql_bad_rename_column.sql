SET SESSION lock_wait_timeout = 5;
ALTER TABLE users RENAME COLUMN name TO full_name;

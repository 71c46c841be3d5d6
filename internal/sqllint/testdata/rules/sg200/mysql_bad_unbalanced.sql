SET SESSION lock_wait_timeout = 5;
ALTER TABLE users ADD COLUMN nickname varchar(40;

SET SESSION lock_wait_timeout = 5;
ALTER TABLE users RENAME INDEX idx_a TO idx_b;

SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders COMMENT = 'one row per checkout', ALGORITHM=INSTANT;

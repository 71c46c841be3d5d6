-- expand: INT -> BIGINT through a new column
SET SESSION lock_wait_timeout = 5;
ALTER TABLE products ADD COLUMN price_cents_big BIGINT NULL, ALGORITHM=INSTANT;

-- expand: integer -> bigint through a new column
SET lock_timeout = '5s';
ALTER TABLE products ADD COLUMN price_cents_big bigint;

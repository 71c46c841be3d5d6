-- expand: nullable, so inserts from the running code keep working
SET SESSION lock_wait_timeout = 5;
ALTER TABLE users ADD COLUMN display_name VARCHAR(255) NULL, ALGORITHM=INSTANT;

-- expand: nullable, so inserts from the running code keep working
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN display_name text;

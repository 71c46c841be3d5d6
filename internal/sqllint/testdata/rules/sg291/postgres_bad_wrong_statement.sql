SET lock_timeout = '5s';
-- schemagate:ignore SG202 v42 stopped reading users.name
ALTER TABLE users ADD COLUMN display_name text;
ALTER TABLE users DROP COLUMN name;

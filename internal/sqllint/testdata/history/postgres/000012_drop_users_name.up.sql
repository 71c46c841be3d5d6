-- contract
SET lock_timeout = '5s';
-- schemagate:ignore SG202 v14 stopped reading and writing users.name
ALTER TABLE users DROP COLUMN name;

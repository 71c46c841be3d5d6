SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG202,SG201 v42 stopped reading users.name
ALTER TABLE users DROP COLUMN name;

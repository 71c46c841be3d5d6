-- contract
SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG202 v14 stopped reading and writing users.name
ALTER TABLE users DROP COLUMN name, ALGORITHM=INPLACE, LOCK=NONE;

-- schemagate:ignore SG200 the parser did not know ALTER TABLE ... ALGORITHM once
SET SESSION lock_wait_timeout = 5;
ALTER TABLE users ADD COLUMN nickname varchar(50) NULL, ALGORITHM=INSTANT;

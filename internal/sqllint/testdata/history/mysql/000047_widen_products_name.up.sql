SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG206 VARCHAR(200) to VARCHAR(250) keeps the 1-byte length prefix: an in-place, metadata-only change
ALTER TABLE products MODIFY name VARCHAR(250) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;

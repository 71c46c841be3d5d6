SET SESSION lock_wait_timeout = 5;
ALTER TABLE users DROP COLUMN legacy_name; -- schemagate:ignore SG202 unused since v42

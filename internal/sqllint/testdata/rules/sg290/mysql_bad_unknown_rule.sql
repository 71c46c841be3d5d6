SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG999 typo in the rule id
ALTER TABLE users DROP COLUMN legacy_name;

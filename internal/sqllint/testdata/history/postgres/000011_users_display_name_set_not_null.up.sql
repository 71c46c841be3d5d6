SET lock_timeout = '5s';
-- schemagate:ignore SG207 users_display_name_not_null is validated (000010), so PostgreSQL skips the scan; every writer sets display_name since v12
ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_display_name_not_null;

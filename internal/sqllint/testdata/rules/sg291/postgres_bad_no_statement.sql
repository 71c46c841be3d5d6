SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN display_name text;
-- schemagate:ignore SG201 sessions moved to Redis

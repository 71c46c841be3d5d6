-- schemagate:ignore SG224 portable SQL cannot SET lock_timeout; it is in the database URL
ALTER TABLE users ADD COLUMN display_name VARCHAR(255);

-- PR 2 (schema, expand): a nullable column, so the code still running (which
-- inserts users without it) keeps working.
-- schemagate:ignore SG224 portable SQL cannot SET lock_timeout; set it in the database URL (options=-c lock_timeout=5s)
ALTER TABLE users ADD COLUMN display_name VARCHAR(255);

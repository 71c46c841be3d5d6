-- PR 2 (schema, expand): a nullable column, so the code still running (which
-- inserts users without it) keeps working.
ALTER TABLE users ADD COLUMN display_name VARCHAR(255);

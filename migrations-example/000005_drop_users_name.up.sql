-- PR 6 (schema, contract): drop the old column, once the code deployed by
-- PR 5 no longer reads or writes it.
-- schemagate:ignore SG202 contract step: the code deployed by PR 5 no longer reads or writes users.name
-- schemagate:ignore SG224 portable SQL cannot SET lock_timeout; set it in the database URL (options=-c lock_timeout=5s)
ALTER TABLE users DROP COLUMN name;

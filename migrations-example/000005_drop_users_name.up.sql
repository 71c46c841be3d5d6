-- PR 6 (schema, contract): drop the old column, once the code deployed by
-- PR 5 no longer reads or writes it.
ALTER TABLE users DROP COLUMN name;

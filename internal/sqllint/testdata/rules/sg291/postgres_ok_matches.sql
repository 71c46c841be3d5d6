-- schemagate:ignore SG201,SG224 contract step: unused since v40, the table is tiny
DROP TABLE legacy_sessions;
ALTER TABLE users DROP COLUMN name; -- schemagate:ignore SG202 v42 stopped reading users.name

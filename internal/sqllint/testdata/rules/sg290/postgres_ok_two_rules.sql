-- schemagate:ignore SG201,SG224 contract step: unused since v40, table is tiny
DROP TABLE legacy_sessions;

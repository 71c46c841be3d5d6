SET lock_timeout = '5s';
-- schemagate:ignore SG201
DROP TABLE legacy_sessions;

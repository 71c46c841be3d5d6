SET lock_timeout = '5s';
-- schemagate:ignore SG201 nothing has read legacy_sessions since v41 (contract step)
DROP TABLE legacy_sessions;

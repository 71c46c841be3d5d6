SET lock_timeout = '5s';
-- schemagate:ignore SG206 widening varchar(64) to varchar(128) is a catalog-only change in PostgreSQL
ALTER TABLE audit_log ALTER COLUMN action TYPE varchar(128);

SET lock_timeout = '5s';
-- schemagate:ignore SG202 notes moved to audit_log in v33; no code reads orders.notes
ALTER TABLE orders DROP COLUMN notes;

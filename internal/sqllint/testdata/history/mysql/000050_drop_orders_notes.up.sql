SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG202 notes moved to audit_log in v33; no code reads orders.notes
ALTER TABLE orders DROP COLUMN notes, ALGORITHM=INPLACE, LOCK=NONE;

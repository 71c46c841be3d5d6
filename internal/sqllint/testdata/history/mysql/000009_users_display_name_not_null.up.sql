SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG206 only nullability changes (backfilled in 000006-000007, every writer sets it since v12); INPLACE rebuild without blocking writes
ALTER TABLE users MODIFY display_name VARCHAR(255) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;

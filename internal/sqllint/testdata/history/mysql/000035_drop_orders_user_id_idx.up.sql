-- superseded by orders_user_id_created_at_idx (which also serves the foreign key)
SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders DROP INDEX orders_user_id_idx, ALGORITHM=INPLACE, LOCK=NONE;

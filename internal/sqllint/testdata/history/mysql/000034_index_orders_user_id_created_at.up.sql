SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders ADD INDEX orders_user_id_created_at_idx (user_id, created_at), ALGORITHM=INPLACE, LOCK=NONE;

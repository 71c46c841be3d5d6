SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders ADD INDEX orders_shipping_address_id_idx (shipping_address_id), ALGORITHM=INPLACE, LOCK=NONE;

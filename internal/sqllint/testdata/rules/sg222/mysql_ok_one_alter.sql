SET SESSION lock_wait_timeout = 5;
ALTER TABLE orders ADD COLUMN coupon_id bigint NULL, ADD INDEX orders_coupon_idx (coupon_id);

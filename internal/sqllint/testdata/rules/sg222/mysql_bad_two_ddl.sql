SET SESSION lock_wait_timeout = 5;
CREATE TABLE coupons (id bigint PRIMARY KEY, code varchar(40) NOT NULL);
ALTER TABLE orders ADD COLUMN coupon_id bigint NULL;

SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN shipping_address_id bigint;

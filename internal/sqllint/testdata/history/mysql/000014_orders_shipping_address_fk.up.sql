SET SESSION lock_wait_timeout = 5;
SET foreign_key_checks = 0;
-- with foreign_key_checks off InnoDB adds the key in place, without a table copy
ALTER TABLE orders ADD CONSTRAINT orders_shipping_address_fk
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id), ALGORITHM=INPLACE;
SET foreign_key_checks = 1;

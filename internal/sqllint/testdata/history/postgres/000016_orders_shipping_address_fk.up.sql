SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_shipping_address_fk
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id) NOT VALID;

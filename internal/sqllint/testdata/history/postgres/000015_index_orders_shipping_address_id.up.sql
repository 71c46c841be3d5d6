CREATE INDEX CONCURRENTLY orders_shipping_address_id_idx ON orders (shipping_address_id);

SET lock_timeout = '5s';
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_quantity_positive;

SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG218 MySQL can only add a CHECK constraint with a table copy; order_items is small (40k rows)
ALTER TABLE order_items ADD CONSTRAINT order_items_quantity_positive CHECK (quantity > 0), ALGORITHM=COPY;

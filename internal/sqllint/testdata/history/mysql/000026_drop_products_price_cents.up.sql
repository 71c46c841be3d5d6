-- contract
SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG202 v21 no longer reads or writes products.price_cents
ALTER TABLE products DROP COLUMN price_cents, ALGORITHM=INPLACE, LOCK=NONE;

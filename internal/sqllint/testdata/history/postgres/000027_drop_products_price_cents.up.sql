-- contract: v21 reads and writes price_cents_big only
SET lock_timeout = '5s';
DROP TRIGGER products_sync_price ON products;
DROP FUNCTION products_sync_price();
-- schemagate:ignore SG202 v21 no longer reads or writes products.price_cents
ALTER TABLE products DROP COLUMN price_cents;

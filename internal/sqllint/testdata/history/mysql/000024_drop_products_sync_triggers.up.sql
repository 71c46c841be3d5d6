-- v21 reads and writes price_cents_big only
DROP TRIGGER IF EXISTS products_sync_price_bi;

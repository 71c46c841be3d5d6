DROP TRIGGER IF EXISTS products_sync_price_bu;

SET SESSION lock_wait_timeout = 5;
CREATE TRIGGER products_sync_price_bu BEFORE UPDATE ON products FOR EACH ROW
BEGIN
    SET NEW.price_cents_big = NEW.price_cents;
END;

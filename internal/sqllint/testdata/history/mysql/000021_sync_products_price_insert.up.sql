SET SESSION lock_wait_timeout = 5;
CREATE TRIGGER products_sync_price_bi BEFORE INSERT ON products FOR EACH ROW
BEGIN
    IF NEW.price_cents_big IS NULL THEN
        SET NEW.price_cents_big = NEW.price_cents; -- old code writes price_cents only
    END IF;
END;

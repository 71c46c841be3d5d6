SET lock_timeout = '5s';
CREATE FUNCTION products_sync_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.price_cents_big := NEW.price_cents; -- keep both in step; old code writes price_cents
    RETURN NEW;
END
$$;
CREATE TRIGGER products_sync_price BEFORE INSERT OR UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION products_sync_price();

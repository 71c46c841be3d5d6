COMMENT ON TABLE orders IS 'one row per checkout';
COMMENT ON COLUMN orders.total_cents IS 'including tax, in currency';

CREATE UNIQUE INDEX CONCURRENTLY products_sku_uidx ON products (sku);

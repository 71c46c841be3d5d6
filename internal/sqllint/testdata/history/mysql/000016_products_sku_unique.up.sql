SET SESSION lock_wait_timeout = 5;
ALTER TABLE products ADD UNIQUE INDEX products_sku_key (sku), ALGORITHM=INPLACE, LOCK=NONE;

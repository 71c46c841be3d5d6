SET lock_timeout = '5s';
ALTER TABLE products ADD COLUMN sku text;

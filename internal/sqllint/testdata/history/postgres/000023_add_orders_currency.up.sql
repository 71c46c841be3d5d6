SET lock_timeout = '5s';
-- a constant default is stored in the catalog: no rewrite
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';

SET lock_timeout = '5s';
-- Storage parameters, clustering marks and statistics change the catalog only.
ALTER TABLE orders SET (fillfactor = 70), SET WITHOUT CLUSTER, ALTER COLUMN note SET STATISTICS 500;
-- A table created in the same migration is empty: rewriting it costs nothing.
CREATE UNLOGGED TABLE product_imports (id bigint PRIMARY KEY, payload jsonb);
ALTER TABLE product_imports SET LOGGED, SET TABLESPACE fast_ssd;

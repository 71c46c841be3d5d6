CREATE INDEX CONCURRENTLY products_search_idx ON products USING gin (search);

SET SESSION lock_wait_timeout = 5;
ALTER TABLE products ADD FULLTEXT INDEX products_search_idx (name), ALGORITHM=INPLACE, LOCK=SHARED;

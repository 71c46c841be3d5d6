SET lock_timeout = '5s';
-- schemagate:ignore SG216 products has about 3,000 rows: the rewrite takes milliseconds
ALTER TABLE products ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', name)) STORED;

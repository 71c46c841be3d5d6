-- Built concurrently, alone in its file: golang-migrate sends it without a transaction.
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);

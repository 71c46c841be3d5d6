SET SESSION lock_wait_timeout = 5;
-- appending a value at the end of an ENUM is metadata-only: ALGORITHM=INSTANT proves it
ALTER TABLE orders MODIFY status ENUM('pending', 'paid', 'shipped', 'canceled', 'refunded') NOT NULL DEFAULT 'pending', ALGORITHM=INSTANT;

SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN discount_cents bigint NOT NULL DEFAULT 0;

SET lock_timeout = '5s';
ALTER TABLE orders
    ADD COLUMN public_id uuid DEFAULT gen_random_uuid(),
    ADD COLUMN seq bigserial;

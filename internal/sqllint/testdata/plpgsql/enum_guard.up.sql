-- The idempotent enum guard most ORMs and hand-written histories use.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_status') THEN
        CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
    END IF;
END
$$;

DO $$ BEGIN
    CREATE TYPE "public"."payment_kind" AS ENUM('card', 'transfer');
EXCEPTION
    WHEN duplicate_object THEN null;
END $$;

ALTER TABLE orders ADD COLUMN IF NOT EXISTS status order_status;

SET lock_timeout = '5s';
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'orders' AND column_name = 'legacy_note') THEN
        ALTER TABLE orders DROP COLUMN legacy_note;
    END IF;
    EXECUTE 'ALTER TABLE orders DROP COLUMN legacy_flag';
END
$$;

CREATE OR REPLACE FUNCTION migrate_invoices(batch integer DEFAULT 100) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    moved integer := 0;
BEGIN
    ALTER TABLE invoices ADD COLUMN IF NOT EXISTS total_cents bigint;
    UPDATE invoices SET total_cents = 0 WHERE total_cents IS NULL;
    moved := batch;
    RAISE NOTICE 'moved %', moved;
END
$fn$;

SELECT migrate_invoices(500);
DROP FUNCTION IF EXISTS migrate_invoices(integer);

-- Idempotent: a re-run after a partial failure must not fail on the column.
SET SESSION lock_wait_timeout = 5;
SET @stmt = (SELECT IF(
    (SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS
     WHERE table_schema = DATABASE() AND table_name = 'products' AND column_name = 'description') > 0,
    'SELECT 1',
    'ALTER TABLE products ADD COLUMN description TEXT NULL, ALGORITHM=INSTANT'
));
PREPARE addDescription FROM @stmt;
EXECUTE addDescription;
DEALLOCATE PREPARE addDescription;

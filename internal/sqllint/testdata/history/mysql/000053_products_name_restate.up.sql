-- The ORM emitted a MODIFY that restates the column as it is; the procedure
-- only runs it where the column exists.
SET SESSION lock_wait_timeout = 5;
CREATE PROCEDURE schemagate_products_name()
BEGIN
    IF EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS
               WHERE table_schema = DATABASE() AND table_name = 'products' AND column_name = 'name') THEN
        ALTER TABLE products MODIFY COLUMN name VARCHAR(250) NOT NULL;
    END IF;
END;
CALL schemagate_products_name();
DROP PROCEDURE schemagate_products_name;

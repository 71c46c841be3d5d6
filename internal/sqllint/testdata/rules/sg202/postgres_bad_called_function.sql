SET lock_timeout = '5s';
CREATE OR REPLACE FUNCTION schemagate_tmp_migrate() RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
    ALTER TABLE invoices DROP COLUMN IF EXISTS draft_total;
END
$body$;
SELECT schemagate_tmp_migrate();
DROP FUNCTION schemagate_tmp_migrate();

SET lock_timeout = '5s';
-- An unlogged import table made durable once loaded.
ALTER TABLE product_imports SET LOGGED;
ALTER TABLE audit_log SET UNLOGGED, SET ACCESS METHOD heap;

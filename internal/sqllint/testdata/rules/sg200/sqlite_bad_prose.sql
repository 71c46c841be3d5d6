Run this migration by hand before deploying:

ALTER TABLE orders ADD COLUMN note TEXT;

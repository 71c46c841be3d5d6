SET lock_timeout = '5s';
-- The view keeps the old name working for the code still running: a simple
-- view is updatable, so v24's inserts into addresses still land.
-- schemagate:ignore SG203 the addresses view below keeps old code working until 000038
ALTER TABLE addresses RENAME TO shipping_addresses;
CREATE VIEW addresses AS SELECT * FROM shipping_addresses;

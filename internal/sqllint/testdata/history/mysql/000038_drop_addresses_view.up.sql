-- v26 uses shipping_addresses only
DROP VIEW addresses;

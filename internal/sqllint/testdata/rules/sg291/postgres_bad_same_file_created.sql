CREATE TABLE coupons (id bigint PRIMARY KEY, legacy_code text);
-- The same file creates the table, so no running code uses the column:
-- this suppression is stale whatever the change set.
-- schemagate:ignore SG202 nothing reads it
ALTER TABLE coupons DROP COLUMN legacy_code;

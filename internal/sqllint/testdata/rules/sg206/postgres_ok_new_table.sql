CREATE TABLE carts (id bigint PRIMARY KEY, total int);
ALTER TABLE carts ALTER COLUMN total TYPE numeric(12,2);

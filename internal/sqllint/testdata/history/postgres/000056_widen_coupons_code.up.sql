SET lock_timeout = '5s';
ALTER TABLE coupons ALTER COLUMN code TYPE varchar(80);

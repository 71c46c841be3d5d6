CREATE TABLE coupons (id bigint PRIMARY KEY, code text NOT NULL);
CREATE TABLE coupon_uses (coupon_id bigint NOT NULL REFERENCES coupons (id));

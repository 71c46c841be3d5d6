CREATE TABLE coupons (
    id bigint PRIMARY KEY,
    code text NOT NULL,
    legacy_code text
);

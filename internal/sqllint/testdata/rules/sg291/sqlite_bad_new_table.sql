CREATE TABLE coupons (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
-- schemagate:ignore SG201 copy-paste from the previous migration
CREATE INDEX coupons_code_idx ON coupons (code);

-- schemagate:ignore SG290 SG290 and SG291 findings cannot be suppressed
CREATE TABLE coupons (id INTEGER PRIMARY KEY);

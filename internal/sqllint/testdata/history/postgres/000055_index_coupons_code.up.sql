-- schemagate-test: same change set as the previous migration (one pull request creates and indexes coupons)
CREATE UNIQUE INDEX coupons_code_key ON coupons (code);

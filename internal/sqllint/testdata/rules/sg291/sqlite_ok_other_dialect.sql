-- Portable: SG222 fires only on MySQL, SG224 never on SQLite.
CREATE TABLE coupons (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL);
-- schemagate:ignore SG222 a new, empty table: on MySQL drop it and retry if the index fails
CREATE INDEX coupons_code_idx ON coupons (code);

CREATE TABLE IF NOT EXISTS coupons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code varchar(40) NOT NULL,
    percent_off smallint NOT NULL CHECK (percent_off BETWEEN 1 AND 100)
);

CREATE TABLE addresses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    line1 text NOT NULL,
    city text NOT NULL,
    country char(2) NOT NULL
);
CREATE INDEX addresses_user_id_idx ON addresses (user_id);

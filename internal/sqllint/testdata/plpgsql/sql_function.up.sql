CREATE FUNCTION add_cents(a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a + b $$;
SELECT add_cents(1, 2);

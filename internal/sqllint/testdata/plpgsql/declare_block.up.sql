DO $$
DECLARE
    n bigint := 0;
    label text DEFAULT 'x';
    done CONSTANT boolean := false;
BEGIN
    n := (SELECT count(*) FROM users WHERE email IS NULL);
    IF n > 0 THEN
        RAISE EXCEPTION 'found % users without an email', n USING HINT = 'backfill first';
    END IF;
    BEGIN
        UPDATE users SET email = lower(email) WHERE email <> lower(email);
    EXCEPTION WHEN unique_violation THEN
        RAISE NOTICE 'duplicates after lower()';
    END;
    RETURN;
END
$$;

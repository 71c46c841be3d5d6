-- A loop is outside the fast path's PL/pgSQL: libpg_query reads this file.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE 'ALTER TABLE ' || quote_ident(r.tablename) || ' OWNER TO app';
    END LOOP;
END
$$;

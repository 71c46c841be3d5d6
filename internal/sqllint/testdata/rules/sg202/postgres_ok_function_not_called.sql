CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    UPDATE audit SET touched = now();
    RETURN NEW;
END
$body$;

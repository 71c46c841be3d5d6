CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated_at := now(); -- not a statement end; nor is this: ;
  RETURN NEW;
END
$body$;

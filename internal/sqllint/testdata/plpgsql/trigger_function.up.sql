CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER projects_set_updated_at
    BEFORE INSERT OR UPDATE OF name, slug ON projects
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $body$
BEGIN
    NEW.touched_at := now();
    RETURN NEW;
END
$body$;
CREATE TRIGGER t_touch AFTER UPDATE ON projects FOR EACH ROW WHEN (NEW.touched_at IS NULL) EXECUTE PROCEDURE touch('x', 1);
DROP TRIGGER IF EXISTS old_trigger ON projects;

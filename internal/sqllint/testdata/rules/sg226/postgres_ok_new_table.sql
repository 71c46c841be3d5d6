CREATE TABLE import_staging (id bigint, payload jsonb);
TRUNCATE import_staging;

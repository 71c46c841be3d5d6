SET lock_timeout = '5s';
ALTER TABLE repositories ALTER COLUMN name TYPE varchar(128);

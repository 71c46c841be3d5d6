SET lock_timeout = '5s';
ALTER TABLE repositories ALTER COLUMN name TYPE varchar(512);
ALTER TABLE repositories ALTER COLUMN description TYPE text;

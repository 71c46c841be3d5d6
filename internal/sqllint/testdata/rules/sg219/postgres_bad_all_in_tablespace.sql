SET lock_timeout = '5s';
ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE fast_ssd;

SET lock_timeout = '5s';
ALTER TABLE orders SET TABLESPACE fast_ssd;

SET SESSION lock_wait_timeout = 5;
ALTER TABLE users ADD COLUMN active tinyint(1) NOT NULL DEFAULT 1, ADD COLUMN nickname varchar(40) NULL;

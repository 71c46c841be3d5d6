SET SESSION lock_wait_timeout = 5;
ALTER TABLE Posts MODIFY COLUMN Props text NOT NULL DEFAULT '{}';

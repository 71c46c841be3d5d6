SET SESSION lock_wait_timeout = 5;
-- Reclaim the space of the rows purged last week.
ALTER TABLE sessions FORCE;

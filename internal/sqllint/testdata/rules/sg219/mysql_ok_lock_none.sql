SET SESSION lock_wait_timeout = 5;
-- LOCK=NONE: the server rebuilds in place with writes allowed, or refuses.
ALTER TABLE sessions FORCE, ALGORITHM=INPLACE, LOCK=NONE;

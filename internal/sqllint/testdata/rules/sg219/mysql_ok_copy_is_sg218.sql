SET SESSION lock_wait_timeout = 5;
-- ALGORITHM=COPY is SG218's finding; SG219 does not repeat it.
ALTER TABLE legacy_events ENGINE=InnoDB, ALGORITHM=COPY;

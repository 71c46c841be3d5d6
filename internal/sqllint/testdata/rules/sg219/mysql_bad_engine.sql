SET SESSION lock_wait_timeout = 5;
ALTER TABLE legacy_events ENGINE = InnoDB ROW_FORMAT = DYNAMIC;

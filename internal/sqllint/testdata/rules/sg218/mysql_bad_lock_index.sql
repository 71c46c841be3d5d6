SET SESSION lock_wait_timeout = 5;
CREATE INDEX orders_note_idx ON orders (note(20)) LOCK=EXCLUSIVE;

SET SESSION lock_wait_timeout = 5;
CREATE INDEX users_last_login_at_idx ON users (last_login_at) ALGORITHM=INPLACE LOCK=NONE;

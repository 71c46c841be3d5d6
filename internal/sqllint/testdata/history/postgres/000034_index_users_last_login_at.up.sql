CREATE INDEX CONCURRENTLY users_last_login_at_idx ON users (last_login_at);

SET lock_timeout = '5s';
TRUNCATE TABLE sessions, login_attempts CASCADE;

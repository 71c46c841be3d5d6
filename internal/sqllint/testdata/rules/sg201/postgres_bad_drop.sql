SET lock_timeout = '5s';
DROP TABLE IF EXISTS legacy_sessions, audit_log;

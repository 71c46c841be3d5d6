SET lock_timeout = '5s';
CREATE TABLE IF NOT EXISTS channels (id varchar(26) PRIMARY KEY, display_name varchar(64), legacy_purpose text);
ALTER TABLE channels DROP COLUMN legacy_purpose;

SET lock_timeout = '5s';
-- schemagate:ignore SG201 sessions live in Redis since v29; nothing reads this table
DROP TABLE sessions;

SET SESSION lock_wait_timeout = 5;
-- schemagate:ignore SG201 sessions live in Redis since v29; nothing reads this table
DROP TABLE sessions;

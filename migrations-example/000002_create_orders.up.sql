-- PR 1 (schema): orders and the index its queries need. The index ships with
-- its table: on an empty table it costs nothing, and DROP TABLE in the down
-- removes it (DROP INDEX has no spelling that PostgreSQL, MySQL/MariaDB and
-- SQLite all accept).
-- schemagate:ignore SG224 portable SQL cannot set lock_timeout; the foreign key locks users only while it is added
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    total_cents INTEGER NOT NULL,
    CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);

-- schemagate:ignore SG222 a new, empty table: if the index fails on MySQL, force the previous version and the table can simply be dropped
CREATE INDEX orders_status_idx ON orders (status);

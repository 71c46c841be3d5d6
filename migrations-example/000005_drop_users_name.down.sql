-- The column comes back nullable (SQLite cannot add a NOT NULL column without
-- a default), filled from the column that replaced it.
ALTER TABLE users ADD COLUMN name VARCHAR(255);

UPDATE users SET name = display_name;

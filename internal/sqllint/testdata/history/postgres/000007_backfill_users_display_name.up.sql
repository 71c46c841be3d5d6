-- v12 writes both columns; copy the rest in one bounded batch (the table is small)
UPDATE users SET display_name = name WHERE display_name IS NULL AND id <= 200000;

-- v12 writes both columns; copy the rest in bounded batches
UPDATE users SET display_name = name WHERE display_name IS NULL LIMIT 50000;

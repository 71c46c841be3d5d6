-- Undo the copy where it is still a copy; names users changed since are kept.
UPDATE users SET display_name = NULL WHERE display_name = name;

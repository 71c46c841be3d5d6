UPDATE users SET active = 1 WHERE active IS NULL LIMIT 10000;

UPDATE users SET active = true WHERE id BETWEEN 1 AND 10000;
DELETE FROM sessions WHERE expires_at < now();

UPDATE users SET active = 1;

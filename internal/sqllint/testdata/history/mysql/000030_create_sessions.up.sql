CREATE TABLE sessions (
    token VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id BIGINT UNSIGNED NOT NULL,
    expires_at DATETIME NOT NULL,
    KEY sessions_expires_at_idx (expires_at)
) ENGINE=InnoDB;

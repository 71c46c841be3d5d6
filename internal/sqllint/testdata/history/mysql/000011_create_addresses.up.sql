CREATE TABLE addresses (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT UNSIGNED NOT NULL,
    line1 VARCHAR(255) NOT NULL,
    city VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL,
    KEY addresses_user_id_idx (user_id),
    CONSTRAINT addresses_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB;

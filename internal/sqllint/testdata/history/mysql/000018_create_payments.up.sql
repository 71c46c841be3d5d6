CREATE TABLE payments (
    id CHAR(36) NOT NULL PRIMARY KEY,
    order_id BIGINT UNSIGNED NOT NULL,
    amount_cents BIGINT NOT NULL,
    provider VARCHAR(40) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY payments_order_id_idx (order_id),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB;

CREATE TABLE refunds (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    payment_id CHAR(36) NOT NULL,
    amount_cents BIGINT NOT NULL,
    CONSTRAINT refunds_payment_fk FOREIGN KEY (payment_id) REFERENCES payments (id)
) ENGINE=InnoDB;

CREATE TABLE refund_reasons (id bigint PRIMARY KEY, label text NOT NULL);
CREATE TABLE refunds (
    id bigint PRIMARY KEY,
    reason_id bigint REFERENCES refund_reasons (id)
);

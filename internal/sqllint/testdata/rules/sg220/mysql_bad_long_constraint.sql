ALTER TABLE subscription_invoices ADD CONSTRAINT fk_subscription_invoices_customer_id_references_customers_id_cascade
    FOREIGN KEY (customer_id) REFERENCES customers (id);

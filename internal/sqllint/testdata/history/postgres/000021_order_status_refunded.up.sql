-- schemagate:ignore SG210 statuses are compared for equality only; their order means nothing
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';

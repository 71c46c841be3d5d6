-- schemagate:ignore SG208 since v35 the code accepts both spellings and writes neither during the switch
ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';

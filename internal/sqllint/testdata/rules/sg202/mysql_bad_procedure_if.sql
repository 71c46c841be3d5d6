SET SESSION lock_wait_timeout = 5;
DROP PROCEDURE IF EXISTS migrate_orders;
CREATE PROCEDURE migrate_orders()
BEGIN
    DECLARE done INT DEFAULT 0;
    IF (SELECT COUNT(*) FROM information_schema.columns
        WHERE table_name = 'orders' AND column_name = 'legacy_note') > 0 THEN
        ALTER TABLE orders DROP COLUMN legacy_note;
    END IF;
    IF EXISTS(SELECT 1 FROM information_schema.statistics WHERE index_name = 'orders_old_idx') THEN
        SET @x = IF(done > 0, REPEAT('a', 3), 'b');
    ELSEIF NOT EXISTS(SELECT 1 FROM orders) THEN
        SET done = 1;
    END IF;
    lbl: WHILE done < 3 DO
        SET done = done + 1;
    END WHILE lbl;
    REPEAT SET done = done - 1; UNTIL done = 0 END REPEAT;
    CASE done WHEN 0 THEN SET done = 1; ELSE SET done = 2; END CASE;
    -- schemagate:ignore SG223 the table is a queue emptied on every deploy
    DELETE FROM order_events;
END;
CALL migrate_orders();
DROP PROCEDURE IF EXISTS migrate_orders;

CREATE TABLE imports (id bigint PRIMARY KEY) ENGINE=MyISAM;
-- schemagate:ignore SG222 a new, empty table: if this fails, drop it and retry
ALTER TABLE imports ENGINE=InnoDB;

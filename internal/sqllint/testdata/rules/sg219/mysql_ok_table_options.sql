SET SESSION lock_wait_timeout = 5;
-- DEFAULT CHARACTER SET changes the default for new columns only; a column
-- named engine and a comment mentioning force are not table rebuilds.
ALTER TABLE customers DEFAULT CHARACTER SET = utf8mb4, ADD COLUMN engine varchar(20) NULL, COMMENT = 'force';

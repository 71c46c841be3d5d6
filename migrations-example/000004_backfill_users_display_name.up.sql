-- PR 4 (schema, data): copy the old column into the new one, after PR 3's
-- code writes both, so no row written later is missed. A migration of its
-- own: a backfill is slow on a big table and must not hold the lock of a DDL
-- statement (batch it on big tables).
UPDATE users SET display_name = name WHERE display_name IS NULL;

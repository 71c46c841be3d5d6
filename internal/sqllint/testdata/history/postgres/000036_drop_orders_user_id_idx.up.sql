-- superseded by orders_user_id_created_at_idx
DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;

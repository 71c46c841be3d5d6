UPDATE users SET tenant_id = (SELECT id FROM tenants WHERE name = 'default')
WHERE tenant_id IS NULL AND id BETWEEN 1 AND 500000;

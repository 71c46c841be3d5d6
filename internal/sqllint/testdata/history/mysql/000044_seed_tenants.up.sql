INSERT INTO tenants (name) VALUES ('default');

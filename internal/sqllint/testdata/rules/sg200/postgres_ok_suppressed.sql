-- schemagate:ignore SG200 uses syntax from our PostgreSQL fork
ALTER TABLE users FROBNICATE;

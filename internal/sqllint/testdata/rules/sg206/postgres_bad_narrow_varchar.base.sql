CREATE TABLE repositories (id bigint PRIMARY KEY, name varchar(256) NOT NULL);

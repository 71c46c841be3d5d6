CREATE TABLE repositories (id bigint PRIMARY KEY, name varchar(256) NOT NULL, description varchar(1024));

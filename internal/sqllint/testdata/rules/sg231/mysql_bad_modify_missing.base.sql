CREATE TABLE Posts (Id varchar(26) NOT NULL, Message text, PRIMARY KEY (Id));

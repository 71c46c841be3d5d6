CREATE TABLE Posts (
    Id varchar(26) NOT NULL,
    Props TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (Id)
);

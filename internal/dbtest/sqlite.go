package dbtest

import _ "modernc.org/sqlite" // database/sql driver "sqlite"

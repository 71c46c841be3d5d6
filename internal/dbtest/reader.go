package dbtest

import (
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// A reader is a database user that may read and nothing else: the user a
// code-deploy job's verify step runs as. Each helper proves the user cannot
// create a table before returning its URL, and drops it when t ends (before
// the database itself is dropped).

// PostgresReader creates a role that may only connect to the database
// behind admin (a URL from Postgres) and, when table is not empty, SELECT
// from table; it returns the role's URL.
func PostgresReader(t testing.TB, admin, table string) string {
	t.Helper()
	role := "sg_ro_" + randomHex(5)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(u.Path, "/")
	db := Open(t, admin)
	stmts := []string{
		"CREATE ROLE " + role + " LOGIN",
		"REVOKE ALL ON DATABASE " + dbName + " FROM PUBLIC",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"GRANT CONNECT ON DATABASE " + dbName + " TO " + role,
	}
	if table != "" {
		stmts = append(stmts, "GRANT SELECT ON "+table+" TO "+role)
	}
	execAll(t, db, stmts...)
	// DROP OWNED frees the role of its grants, so DROP ROLE succeeds.
	dropAll(t, db, "DROP OWNED BY "+role, "DROP ROLE "+role)
	ro := *u
	ro.User = url.User(role)
	refuteCreate(t, ro.String())
	return ro.String()
}

// MariaDBReader creates a user with SELECT on table of the database behind
// admin (a URL from MariaDB; "*" for every table) and nothing else; it
// returns the user's URL.
func MariaDBReader(t testing.TB, admin, table string) string {
	t.Helper()
	user := "sg_ro_" + randomHex(5)
	cfg, err := mysql.ParseDSN(strings.TrimPrefix(admin, "mysql://"))
	if err != nil {
		t.Fatal(err)
	}
	db := Open(t, admin)
	execAll(t, db,
		"CREATE USER '"+user+"'@'%'",
		"GRANT SELECT ON "+cfg.DBName+"."+table+" TO '"+user+"'@'%'")
	dropAll(t, db, "DROP USER '"+user+"'@'%'")
	cfg.User, cfg.Passwd = user, ""
	ro := "mysql://" + cfg.FormatDSN()
	refuteCreate(t, ro)
	return ro
}

// execAll runs each statement on db, failing t at the first error.
func execAll(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// dropAll runs each statement on db when t ends, reporting every error.
func dropAll(t testing.TB, db *sql.DB, stmts ...string) {
	t.Cleanup(func() {
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
}

// refuteCreate fails t when the user of migrateURL can create a table: the
// setup of a read-only test must hold before the test trusts it.
func refuteCreate(t testing.TB, migrateURL string) {
	t.Helper()
	if _, err := Open(t, migrateURL).Exec("CREATE TABLE probe (id INTEGER)"); err == nil {
		t.Fatal("the read-only user could create a table")
	}
}

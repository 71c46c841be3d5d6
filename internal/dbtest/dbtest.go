// Package dbtest gives each test a fresh, empty database on the servers the
// test machine runs: PostgreSQL and MariaDB (a database with a random name,
// dropped when the test ends) and SQLite (a file in the test's temp dir).
// When a server is unreachable the test is skipped with the reason, unless
// SCHEMAGATE_REQUIRE_DB=1 (CI sets it): then it fails, so CI never skips a
// database test silently. Around those databases it offers what the tests
// of several packages need alike: a subtest per engine (EachEngine), a look
// inside a database (Open, Tables, HasTable, AppliedLog) and read-only
// database users (PostgresReader, MariaDBReader), and servers of the test's
// own for tests that kill one (OwnPostgres, OwnMariaDB).
//
// Servers default to PostgreSQL at 127.0.0.1:5432 (user postgres, database
// test) and MariaDB at 127.0.0.1:3306 (user root, empty password);
// SCHEMAGATE_POSTGRES_URL (or SCHEMAGATE_TEST_POSTGRES_URL) and
// SCHEMAGATE_MYSQL_URL (a mysql:// URL) or SCHEMAGATE_TEST_MYSQL_DSN (a DSN)
// override them with an administrative connection.
package dbtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq" // database/sql driver "postgres"
)

const (
	defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	defaultMySQL    = "mysql://root@tcp(127.0.0.1:3306)/test"
)

// unavailable skips or, with SCHEMAGATE_REQUIRE_DB=1, fails the test.
func unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("SCHEMAGATE_REQUIRE_DB") == "1" {
		t.Fatalf("%s unavailable and SCHEMAGATE_REQUIRE_DB=1: %v", what, err)
	}
	t.Skipf("%s unavailable (set SCHEMAGATE_REQUIRE_DB=1 to fail instead): %v", what, err)
}

func randomName() string { return "sg_" + randomHex(6) }

// randomHex is n random bytes in hex, for names no other test run uses.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PostgresAdmin is the URL of the administrative PostgreSQL connection.
func PostgresAdmin() string {
	for _, name := range []string{"SCHEMAGATE_POSTGRES_URL", "SCHEMAGATE_TEST_POSTGRES_URL"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return defaultPostgres
}

// MySQLAdmin is the golang-migrate URL of the administrative MariaDB/MySQL
// connection.
func MySQLAdmin() string {
	if v := os.Getenv("SCHEMAGATE_MYSQL_URL"); v != "" {
		return v
	}
	if v := os.Getenv("SCHEMAGATE_TEST_MYSQL_DSN"); v != "" {
		return "mysql://" + v
	}
	return defaultMySQL
}

// Postgres creates an empty PostgreSQL database for t and returns its
// golang-migrate URL (postgres://...).
func Postgres(t testing.TB) string {
	t.Helper()
	admin := PostgresAdmin()
	db, err := sql.Open("postgres", admin)
	if err == nil {
		err = ping(db)
	}
	if err != nil {
		unavailable(t, "PostgreSQL", err)
	}
	name := randomName()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create PostgreSQL database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop PostgreSQL database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// MariaDB creates an empty MariaDB/MySQL database for t and returns its
// golang-migrate URL (mysql://user@tcp(host:port)/name).
func MariaDB(t testing.TB) string {
	t.Helper()
	admin := MySQLAdmin()
	cfg, err := mysql.ParseDSN(strings.TrimPrefix(admin, "mysql://"))
	if err != nil {
		t.Fatalf("SCHEMAGATE_MYSQL_URL: %v", err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err == nil {
		err = ping(db)
	}
	if err != nil {
		unavailable(t, "MariaDB", err)
	}
	name := randomName()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create MariaDB database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Errorf("drop MariaDB database %s: %v", name, err)
		}
	})
	cfg.DBName = name
	return "mysql://" + cfg.FormatDSN()
}

// SQLite returns the URL of a new SQLite database file in t's temp dir.
func SQLite(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "test.db"))
}

func ping(db *sql.DB) error {
	done := make(chan error, 1)
	go func() { done <- db.Ping() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		return fmt.Errorf("no answer within 5s")
	}
}

// Open opens a golang-migrate URL with database/sql, so tests can look
// inside the database. Closed when t ends.
func Open(t testing.TB, migrateURL string) *sql.DB {
	t.Helper()
	driver, dsn := "", ""
	switch {
	case strings.HasPrefix(migrateURL, "postgres://"), strings.HasPrefix(migrateURL, "postgresql://"):
		driver, dsn = "postgres", migrateURL
	case strings.HasPrefix(migrateURL, "pgx5://"):
		driver, dsn = "postgres", "postgres://"+strings.TrimPrefix(migrateURL, "pgx5://")
	case strings.HasPrefix(migrateURL, "mysql://"):
		driver, dsn = "mysql", strings.TrimPrefix(migrateURL, "mysql://")
	case strings.HasPrefix(migrateURL, "sqlite://"):
		driver, dsn = "sqlite", strings.TrimPrefix(migrateURL, "sqlite://")
	default:
		t.Fatalf("dbtest.Open: unsupported URL scheme")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

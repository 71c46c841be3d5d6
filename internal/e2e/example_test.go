package e2e

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/mysql"
	_ "github.com/golang-migrate/migrate/v4/database/postgres"
	_ "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// exampleDB is one database the example migrations must run on unchanged.
type exampleDB struct {
	// migrateURL is the golang-migrate URL; db is a plain connection to the
	// same database for the data checks.
	migrateURL string
	db         *sql.DB
}

// Defaults match the services of the development machine and of ci.yml;
// SCHEMAGATE_TEST_POSTGRES_URL / SCHEMAGATE_TEST_MYSQL_DSN override them.
const (
	defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	defaultMySQLDSN    = "root@tcp(127.0.0.1:3306)/test"
)

// requireDB reports whether an unreachable database fails the test instead
// of skipping it (CI sets SCHEMAGATE_REQUIRE_DB=1).
func requireDB() bool { return os.Getenv("SCHEMAGATE_REQUIRE_DB") == "1" }

func unreachable(t *testing.T, what string, err error) {
	t.Helper()
	if requireDB() {
		t.Fatalf("%s is not reachable and SCHEMAGATE_REQUIRE_DB=1: %v", what, err)
	}
	t.Skipf("%s is not reachable (%v); set SCHEMAGATE_REQUIRE_DB=1 to make this a failure", what, err)
}

func ping(db *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// scratchName is a database name no other test run uses.
func scratchName(prefix string) string {
	return fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), time.Now().UnixNano()%1_000_000_000)
}

func sqliteExampleDB(t *testing.T) exampleDB {
	path := filepath.Join(t.TempDir(), "example.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return exampleDB{migrateURL: "sqlite://" + path, db: db}
}

func postgresExampleDB(t *testing.T) exampleDB {
	base := envOr("SCHEMAGATE_TEST_POSTGRES_URL", defaultPostgresURL)
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := ping(admin); err != nil {
		unreachable(t, "PostgreSQL at "+redactURL(base), err)
	}
	name := scratchName("sg_example")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	return exampleDB{migrateURL: u.String(), db: db}
}

func mysqlExampleDB(t *testing.T) exampleDB {
	dsn := envOr("SCHEMAGATE_TEST_MYSQL_DSN", defaultMySQLDSN)
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := ping(admin); err != nil {
		unreachable(t, "MySQL/MariaDB at "+dsn[strings.LastIndex(dsn, "@")+1:], err)
	}
	name := scratchName("sg_example")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	// Swap the database name in "user:pass@tcp(host)/db?params".
	prefix, rest, _ := strings.Cut(dsn, ")/")
	_, params, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(params)
	if err != nil {
		t.Fatal(err)
	}
	// golang-migrate's MySQL driver sends a file in one round trip: files
	// with several statements need multiStatements=true.
	q.Set("multiStatements", "true")
	scoped := prefix + ")/" + name + "?" + q.Encode()
	db, err := sql.Open("mysql", scoped)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	return exampleDB{migrateURL: "mysql://" + scoped, db: db}
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// exampleVersions are the versions of migrations-example, in order.
func exampleVersions(t *testing.T) []uint {
	t.Helper()
	ups, err := filepath.Glob(filepath.Join(repoRoot, "migrations-example", "*.up.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []uint
	for _, p := range ups {
		var v uint
		if _, err := fmt.Sscanf(filepath.Base(p), "%d_", &v); err != nil {
			t.Fatalf("%s: no version: %v", p, err)
		}
		vs = append(vs, v)
	}
	if len(vs) < 5 {
		t.Fatalf("migrations-example has %d up migrations, want the whole expand/contract sequence (>= 5)", len(vs))
	}
	return vs
}

// TestExampleMigrations applies migrations-example one version at a time on
// every database, checks the data the expand/contract sequence promises
// (the backfill copies, the contract keeps the new column), rolls all the way
// down, and applies everything again: each down really undoes its up.
func TestExampleMigrations(t *testing.T) {
	t.Parallel()
	backends := []struct {
		name string
		open func(*testing.T) exampleDB
	}{
		{"sqlite", sqliteExampleDB},
		{"postgres", postgresExampleDB},
		{"mariadb", mysqlExampleDB},
	}
	versions := exampleVersions(t)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			edb := b.open(t)
			src, err := iofs.New(os.DirFS(filepath.Join(repoRoot, "migrations-example")), ".")
			if err != nil {
				t.Fatal(err)
			}
			m, err := migrate.NewWithSourceInstance("iofs", src, edb.migrateURL)
			if err != nil {
				t.Fatalf("open %s: %v", b.name, err)
			}
			defer m.Close()

			exec := func(q string) {
				t.Helper()
				if _, err := edb.db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			queryString := func(q string) string {
				t.Helper()
				var s sql.NullString
				if err := edb.db.QueryRow(q).Scan(&s); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return s.String
			}
			for _, v := range versions {
				if err := m.Migrate(v); err != nil {
					t.Fatalf("migrate up to %d: %v", v, err)
				}
				got, dirty, err := m.Version()
				if err != nil || got != v || dirty {
					t.Fatalf("after up to %d: version %d dirty %v err %v", v, got, dirty, err)
				}
				switch v {
				case 2:
					// Written by the code before the expand step.
					exec("INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')")
					exec("INSERT INTO orders (id, user_id, status, total_cents) VALUES (1, 1, 'paid', 4200)")
				case 3:
					// The old code still inserts without the new column.
					exec("INSERT INTO users (id, email, name) VALUES (2, 'grace@example.com', 'Grace')")
					if got := queryString("SELECT display_name FROM users WHERE id = 2"); got != "" {
						t.Fatalf("display_name before the backfill = %q, want NULL", got)
					}
				case 4:
					if got := queryString("SELECT display_name FROM users WHERE id = 2"); got != "Grace" {
						t.Fatalf("display_name after the backfill = %q, want Grace", got)
					}
				case 5:
					if _, err := edb.db.Exec("SELECT name FROM users"); err == nil {
						t.Fatal("users.name still exists after the contract step")
					}
					if got := queryString("SELECT display_name FROM users WHERE id = 1"); got != "Ada" {
						t.Fatalf("display_name after the contract step = %q, want Ada", got)
					}
				}
			}
			if err := m.Steps(-1); err != nil {
				t.Fatalf("down the contract step: %v", err)
			}
			if got := queryString("SELECT name FROM users WHERE id = 1"); got != "Ada" {
				t.Fatalf("name after undoing the contract step = %q, want Ada restored", got)
			}
			if err := m.Down(); err != nil {
				t.Fatalf("migrate all the way down: %v", err)
			}
			if _, _, err := m.Version(); !errors.Is(err, migrate.ErrNilVersion) {
				t.Fatalf("version after down: err %v, want no version", err)
			}
			for _, table := range []string{"users", "orders"} {
				if _, err := edb.db.Exec("SELECT 1 FROM " + table); err == nil {
					t.Fatalf("table %s still exists after migrating all the way down", table)
				}
			}
			if err := m.Up(); err != nil {
				t.Fatalf("up again after down: %v", err)
			}
		})
	}
}

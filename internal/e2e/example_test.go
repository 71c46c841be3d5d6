package e2e

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/mysql"
	_ "github.com/golang-migrate/migrate/v4/database/postgres"
	_ "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/schemagate/schemagate/internal/dbtest"
)

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
	versions := exampleVersions(t)
	// dbtest skips without a database server unless SCHEMAGATE_REQUIRE_DB=1.
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, migrateURL string) {
		db := dbtest.Open(t, migrateURL)
		src, err := iofs.New(os.DirFS(filepath.Join(repoRoot, "migrations-example")), ".")
		if err != nil {
			t.Fatal(err)
		}
		m, err := migrate.NewWithSourceInstance("iofs", src, migrateURL)
		if err != nil {
			t.Fatalf("open %s: %v", eng.Name, err)
		}
		defer m.Close()

		exec := func(q string) {
			t.Helper()
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		queryString := func(q string) string {
			t.Helper()
			var s sql.NullString
			if err := db.QueryRow(q).Scan(&s); err != nil {
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
				if _, err := db.Exec("SELECT name FROM users"); err == nil {
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
			if _, err := db.Exec("SELECT 1 FROM " + table); err == nil {
				t.Fatalf("table %s still exists after migrating all the way down", table)
			}
		}
		if err := m.Up(); err != nil {
			t.Fatalf("up again after down: %v", err)
		}
	})
}

package migrate

import (
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestCommandsEachEngine walks one database through every command: fresh,
// partial, up to date, target below the current version, down, and a
// directory behind (ahead) or missing the database's version (drift).
func TestCommandsEachEngine(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, _ dbtest.Engine, url string) {
		o := writeDir(t, url, three)

		// Fresh: nothing applied, three pending; verify fails.
		r := ok(t)(Plan(bg, o))
		if r.Before.HasVersion || r.Before.Dirty || !equal(versions(r.Pending), []uint{1, 2, 3}) {
			t.Fatalf("fresh plan: before %v, pending %v", r.Before, versions(r.Pending))
		}
		if got := r.Pending[0].File; got != "db/migrations/1_create_log.up.sql" {
			t.Fatalf("pending file = %q", got)
		}
		_, err := Verify(bg, o)
		wantKind(t, err, KindFailed, "deploy the schema first: 3 pending: db/migrations/1_create_log.up.sql, db/migrations/2_add_users.up.sql, db/migrations/3_add_orders.up.sql")

		// Partial: up to target 2.
		r = ok(t)(Migrate(bg, o, 2, true))
		if !equal(versions(r.Applied), []uint{1, 2}) || r.After.Version != 2 || !equal(versions(r.Pending), []uint{3}) || r.Before.HasVersion {
			t.Fatalf("migrate to 2: applied %v after %v pending %v", versions(r.Applied), r.After, versions(r.Pending))
		}
		for _, s := range r.Applied {
			if s.Direction != DirUp || s.Duration <= 0 || s.File == "" {
				t.Fatalf("applied step %+v", s)
			}
		}
		r = ok(t)(Plan(bg, o))
		if r.Before.Version != 2 || !equal(versions(r.Pending), []uint{3}) {
			t.Fatalf("partial plan: %v %v", r.Before, versions(r.Pending))
		}
		_, err = Verify(bg, o)
		wantKind(t, err, KindFailed, "1 pending: db/migrations/3_add_orders.up.sql")

		// The rest, then up to date.
		r = ok(t)(Migrate(bg, o, 0, false))
		if !equal(versions(r.Applied), []uint{3}) || r.Before.Version != 2 || r.After.Version != 3 || len(r.Pending) != 0 || r.NoChange {
			t.Fatalf("migrate: %+v", r)
		}
		r = ok(t)(Migrate(bg, o, 0, false))
		if !r.NoChange || len(r.Applied) != 0 || r.After.Version != 3 {
			t.Fatalf("up to date: %+v", r)
		}
		r = ok(t)(Verify(bg, o))
		if len(r.Pending) != 0 || r.Ahead || r.After.Version != 3 {
			t.Fatalf("verify: %+v", r)
		}
		if c := dbtest.AppliedLog(t, url); c[1] != 1 || c[2] != 1 || c[3] != 1 {
			t.Fatalf("applied_log = %v", c)
		}

		// Target below current runs the down files.
		r = ok(t)(Migrate(bg, o, 1, true))
		if !equal(versions(r.Applied), []uint{3, 2}) || r.Applied[0].Direction != DirDown || r.After.Version != 1 {
			t.Fatalf("migrate to 1: applied %v after %v", versions(r.Applied), r.After)
		}
		if dbtest.HasTable(t, url, "users") || dbtest.HasTable(t, url, "orders") {
			t.Fatal("down files did not run")
		}
		_, err = Migrate(bg, o, 7, true)
		wantKind(t, err, KindInput, "7 is not a version in db/migrations: valid versions are 1, 2, 3")

		// Down.
		_, err = Down(bg, o, 2)
		wantKind(t, err, KindInput, "2 migrations to roll back, but the database at version 1 has only 1 applied")
		r = ok(t)(Down(bg, o, 1))
		if !equal(versions(r.Applied), []uint{1}) || r.After.HasVersion || r.Before.Version != 1 {
			t.Fatalf("down: %+v", r)
		}
		if dbtest.HasTable(t, url, "applied_log") {
			t.Fatal("down 1 left applied_log")
		}

		// Ahead: the database has 3, this commit's directory only 1..2.
		ok(t)(Migrate(bg, o, 0, false))
		behind := writeDir(t, url, with(three, nil, "3_add_orders.up.sql", "3_add_orders.down.sql"))
		r = ok(t)(Verify(bg, behind))
		if !r.Ahead || r.Drift || len(r.Pending) != 0 {
			t.Fatalf("verify ahead: %+v", r)
		}
		r = ok(t)(Migrate(bg, behind, 0, false))
		if !r.Ahead || !r.NoChange {
			t.Fatalf("migrate ahead: %+v", r)
		}
		_, err = Down(bg, behind, 1)
		wantKind(t, err, KindFailed, "above every file in db/migrations")

		// Drift: the database's version 3 has no file, but 4 does.
		drift := writeDir(t, url, with(three, map[string]string{
			"4_more.up.sql": "CREATE TABLE more (id INTEGER);", "4_more.down.sql": "DROP TABLE more;",
		}, "3_add_orders.up.sql", "3_add_orders.down.sql"))
		r = ok(t)(Plan(bg, drift))
		if !r.Drift || r.Ahead || !equal(versions(r.Pending), []uint{4}) {
			t.Fatalf("plan drift: %+v", r)
		}
		_, err = Migrate(bg, drift, 0, false)
		wantKind(t, err, KindFailed, "drift: the ")
		_, err = Verify(bg, drift)
		wantKind(t, err, KindFailed, "version 3 has no file in db/migrations (drift)")
	})
}

// TestFailedMigrationAndForce: a file that fails on its second statement
// leaves the database dirty; the result names the file, statement and line
// and whether the engine rolled back; migrate and down refuse; force
// recovers.
func TestFailedMigrationAndForce(t *testing.T) {
	t.Parallel()
	broken := with(three, map[string]string{
		"2_add_users.up.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);\n\nINSERT INTO no_such_table (v) VALUES (2);\n",
	})
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		o := writeDir(t, url, broken)
		r, err := Migrate(bg, o, 0, false)
		wantKind(t, err, KindFailed, "migration db/migrations/2_add_users.up.sql failed")
		f := r.Failure
		if f == nil || f.Step.Version != 2 || f.Step.File != "db/migrations/2_add_users.up.sql" {
			t.Fatalf("failure = %+v", f)
		}
		if !strings.Contains(f.Reason, "no_such_table") {
			t.Errorf("reason %q does not name the missing table", f.Reason)
		}
		if !strings.Contains(f.Statement, "no_such_table") {
			t.Errorf("statement %q", f.Statement)
		}
		if eng.Name == "postgres" && f.Line != 3 {
			t.Errorf("line = %d, want 3", f.Line)
		}
		wantRolledBack := eng.Name != "mariadb"
		if f.RolledBack != wantRolledBack || f.Transaction == "" {
			t.Errorf("rolled back = %v (%s), want %v", f.RolledBack, f.Transaction, wantRolledBack)
		}
		if got := dbtest.HasTable(t, url, "users"); got == wantRolledBack {
			t.Errorf("table users exists = %v after a failure rolled back = %v", got, wantRolledBack)
		}
		if !equal(versions(r.Applied), []uint{1}) || !r.After.Dirty || r.After.Version != 2 {
			t.Fatalf("after failure: applied %v state %v", versions(r.Applied), r.After)
		}
		if rc := r.Recovery; rc == nil || !rc.Known || *rc.Force != 1 || rc.DirtyVersion != 2 || rc.Repair == wantRolledBack {
			t.Fatalf("recovery = %+v", rc)
		}

		// Dirty: migrate and down refuse; without a record of the attempt
		// they cannot know the direction, and say so.
		r, err = Migrate(bg, o, 0, false)
		wantKind(t, err, KindFailed, "is dirty at version 2")
		if !strings.Contains(err.Error(), "The schema matches version 1, 2 or 3, and which one is not known") || r.Recovery == nil || r.Recovery.Known {
			t.Fatalf("dirty refusal: %v %+v", err, r.Recovery)
		}
		_, err = Down(bg, o, 1)
		wantKind(t, err, KindFailed, "Do not force before you know")
		r = ok(t)(Plan(bg, o))
		if !r.Before.Dirty || r.Recovery == nil || r.Recovery.Known {
			t.Fatalf("plan dirty: %+v", r)
		}
		_, err = Verify(bg, o)
		wantKind(t, err, KindFailed, "is dirty at version 2")

		// Repair by hand where the engine did not, then force.
		if !wantRolledBack {
			if _, err := dbtest.Open(t, url).Exec("DROP TABLE users"); err != nil {
				t.Fatal(err)
			}
		}
		_, err = Force(bg, o, 9)
		wantKind(t, err, KindInput, "9 is not a version")
		r = ok(t)(Force(bg, o, 1))
		if r.After.Dirty || r.After.Version != 1 || !r.Before.Dirty {
			t.Fatalf("force: %+v", r)
		}
		fixed := writeDir(t, url, three)
		r = ok(t)(Migrate(bg, fixed, 0, false))
		if !equal(versions(r.Applied), []uint{2, 3}) || r.After.Version != 3 {
			t.Fatalf("after recovery: %+v", r)
		}
		if c := dbtest.AppliedLog(t, url); c[1] != 1 || c[2] != 1 || c[3] != 1 {
			t.Fatalf("applied_log = %v", c)
		}
		r = ok(t)(Force(bg, fixed, -1))
		if r.After.HasVersion {
			t.Fatalf("force -1: %+v", r.After)
		}
	})
}

// TestDownWithoutDownFile: golang-migrate would only move the version.
func TestDownWithoutDownFile(t *testing.T) {
	t.Parallel()
	url := dbtest.SQLite(t)
	o := writeDir(t, url, with(three, nil, "3_add_orders.down.sql"))
	ok(t)(Migrate(bg, o, 0, false))
	_, err := Down(bg, o, 1)
	wantKind(t, err, KindInput, "version 3 has no down file")
	_, err = Migrate(bg, o, 2, true)
	wantKind(t, err, KindInput, "version 3 has no down file")
}

func TestInputErrors(t *testing.T) {
	t.Parallel()
	url := dbtest.SQLite(t)
	o := writeDir(t, url, three)
	missing := o
	missing.Dir += "/nope"
	missing.MigrationsPath = "nope"
	_, err := Plan(bg, missing)
	wantKind(t, err, KindInput, "directory nope does not exist")

	dup := writeDir(t, url, with(three, map[string]string{"002_again.up.sql": "SELECT 1;"}))
	_, err = Plan(bg, dup)
	wantKind(t, err, KindInput, "two up migrations for version 2")
}

package rehearse

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/migrate"
)

// liveDB migrates a fresh database of eng to the base schema and returns
// its URL and the migrations directory.
func liveDB(t *testing.T, eng dbtest.Engine, url string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range baseFS(eng.Name) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := migrate.Migrate(context.Background(), migrate.Options{URL: url, Dir: dir, MigrationsPath: "migrations", LockTimeout: time.Minute}, 0, false); err != nil {
		t.Fatalf("migrate the live database: %v", err)
	}
	return dir
}

func drift(t *testing.T, eng dbtest.Engine, live, dir string) (*DriftResult, error) {
	t.Helper()
	scratch := ""
	if eng.Name != "sqlite" {
		scratch = eng.New(t)
	}
	return Drift(context.Background(), DriftOptions{
		Live: live, Dir: dir, MigrationsPath: "migrations", LockTimeout: time.Minute,
		Scratch: Scratch{URL: scratch, TempDir: t.TempDir()},
	})
}

// TestDrift: none right after migrating; a hand-made ALTER TABLE is found,
// also by a user that may only read.
func TestDrift(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		dir := liveDB(t, eng, url)
		reader := url
		switch eng.Name {
		case "postgres":
			reader = dbtest.PostgresReader(t, url, "schema_migrations")
		case "mariadb":
			reader = dbtest.MariaDBReader(t, url, "*")
		}
		res, err := drift(t, eng, reader, dir)
		if err != nil {
			t.Fatalf("drift: %v", err)
		}
		if !res.Compared || len(res.Diff) != 0 || res.State.Version != 1 {
			t.Fatalf("drift right after migrating: %+v", res)
		}
		if _, err := dbtest.Open(t, url).Exec("ALTER TABLE orders ADD COLUMN by_hand integer"); err != nil {
			t.Fatal(err)
		}
		res, err = drift(t, eng, reader, dir)
		if err != nil {
			t.Fatalf("drift: %v", err)
		}
		if len(res.Diff) != 1 || res.Diff[0].Name != "orders.by_hand" || res.Diff[0].Change != "added" {
			t.Fatalf("diff %+v, want orders.by_hand added", res.Diff)
		}
	})
}

// TestDriftRefusesNonEmptyScratch: the scratch database must be empty.
func TestDriftRefusesNonEmptyScratch(t *testing.T) {
	t.Parallel()
	eng := dbtest.Engines[0]
	live := eng.New(t)
	dir := liveDB(t, eng, live)
	scratch := eng.New(t)
	if _, err := dbtest.Open(t, scratch).Exec("CREATE TABLE keep (id integer)"); err != nil {
		t.Fatal(err)
	}
	_, err := Drift(context.Background(), DriftOptions{Live: live, Dir: dir, MigrationsPath: "migrations", LockTimeout: time.Minute, Scratch: Scratch{URL: scratch}})
	wantRefused(t, err, "scratch-database-url", scratch, "keep")
}

// TestDriftDirty: a dirty live database is reported as dirty, compared
// with its version fully applied.
func TestDriftDirty(t *testing.T) {
	t.Parallel()
	eng := dbtest.Engines[2] // SQLite: no server needed
	live := eng.New(t)
	dir := liveDB(t, eng, live)
	if _, err := dbtest.Open(t, live).Exec("UPDATE schema_migrations SET dirty = 1"); err != nil {
		t.Fatal(err)
	}
	res, err := drift(t, eng, live, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !res.State.Dirty || !res.Compared {
		t.Fatalf("%+v, want dirty and compared", res)
	}
}

// TestReplayEach: snapshots at several versions in one scratch database,
// as the dirty-state recovery needs (N-1 and N).
func TestReplayEach(t *testing.T) {
	t.Parallel()
	fsys := baseFS("sqlite")
	fsys["2_x.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE x (id INTEGER);")}
	out, err := ReplayEach(context.Background(), Scratch{Dialect: "sqlite", TempDir: t.TempDir()}, fsys, []int{2, NoVersion, 1}, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.At[NoVersion].Tables) != 0 || len(out.At[1].Tables) != 2 || len(out.At[2].Tables) != 3 {
		t.Fatalf("tables at none %v, 1 %v, 2 %v", out.At[NoVersion].TableNames(), out.At[1].TableNames(), out.At[2].TableNames())
	}
}

// TestDriftCustomVersionTable: golang-migrate's version table named by
// x-migrations-table is left out of the live snapshot (no false drift).
func TestDriftCustomVersionTable(t *testing.T) {
	t.Parallel()
	eng := dbtest.Engines[2]
	live := eng.New(t) + "?x-migrations-table=deploy_versions"
	dir := liveDB(t, eng, live)
	if !dbtest.HasTable(t, live, "deploy_versions") {
		t.Fatal("the custom version table was not created: the test proves nothing")
	}
	res, err := drift(t, eng, live, dir)
	if err != nil || len(res.Diff) != 0 {
		t.Fatalf("diff %+v (%v), want none", res, err)
	}
}

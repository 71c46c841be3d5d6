//go:build unix

package e2e

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestReadOnlyE2E: plan and verify through the binary write nothing to a
// fresh database, and run as a database user that may only read
// golang-migrate's version table (the verify step of a code-deploy job).
func TestReadOnlyE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, admin string) {
		dir := workspace(t, mgFiles...)

		r := mgRun(t, dir, admin, map[string]string{"command": "plan"})
		wantRun(t, "plan fresh", r, 0, map[string]string{"current-version": "", "dirty": "false", "pending-count": "3"})
		r = mgRun(t, dir, admin, map[string]string{"command": "verify"})
		wantRun(t, "verify fresh", r, 1, map[string]string{"pending-count": "3"}, "deploy the schema first: 3 pending")
		if eng.Name == "sqlite" {
			if _, err := os.Stat(strings.TrimPrefix(admin, "sqlite://")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("plan and verify created the SQLite file (stat: %v)", err)
			}
		} else if n := len(dbtest.Tables(t, admin)); n != 0 {
			t.Fatalf("plan and verify created %d tables in a fresh database", n)
		}

		r = mgRun(t, dir, admin, map[string]string{"command": "migrate", "target-version": "2"})
		wantRun(t, "migrate to 2", r, 0, map[string]string{"current-version": "2"})

		if eng.Name == "sqlite" {
			sqliteAsNobody(t, dir, admin)
			return
		}
		reader := dbtest.PostgresReader
		if eng.Name == "mariadb" {
			reader = dbtest.MariaDBReader
		}
		ro := reader(t, admin, "schema_migrations")
		r = mgRun(t, dir, ro, map[string]string{"command": "plan"})
		wantRun(t, "plan as reader", r, 0, map[string]string{
			"current-version": "2", "dirty": "false", "pending-count": "1", "pending": `["db/migrations/3_add_orders.up.sql"]`,
		}, "## schemagate plan: 1 pending")
		r = mgRun(t, dir, ro, map[string]string{"command": "verify"})
		wantRun(t, "verify as reader", r, 1, map[string]string{"current-version": "2", "pending-count": "1"},
			"deploy the schema first: 1 pending: db/migrations/3_add_orders.up.sql")
		if strings.Contains(strings.ReplaceAll(r.Stdout, "::add-mask::"+ro, "")+r.Stderr+r.Summary, ro) {
			t.Error("the reader's database URL was printed (other than to mask it)")
		}
		// The reader cannot migrate: the grants really are read-only.
		r = mgRun(t, dir, ro, map[string]string{"command": "migrate"})
		if r.Code == 0 {
			t.Fatalf("migrate as the reader succeeded:\n%s", r.Stdout)
		}
		r = mgRun(t, dir, admin, map[string]string{"command": "verify"})
		wantRun(t, "verify as admin", r, 1, map[string]string{"current-version": "2"})
	})
}

// nobody is the unprivileged user the SQLite run switches to (root ignores
// file modes, so a chmod alone proves nothing when the tests run as root).
const nobody = 65534

// sqliteAsNobody copies the migrated database into a directory only
// readable by others, chmod 0444, and runs plan and verify as nobody.
func sqliteAsNobody(t *testing.T, ws, admin string) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("running as another user needs root; as a non-root user the chmod 0444 below is itself the proof")
	}
	root, err := os.MkdirTemp("", "sg-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = filepath.Walk(root, func(p string, _ os.FileInfo, _ error) error { return os.Chmod(p, 0o755) })
		os.RemoveAll(root)
	})
	bin := filepath.Join(root, "schemagate")
	copyFile(t, binary, bin, 0o755)
	mig := filepath.Join(root, "ws", "db", "migrations")
	if err := os.MkdirAll(mig, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(ws, "db", "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		copyFile(t, filepath.Join(ws, "db", "migrations", e.Name()), filepath.Join(mig, e.Name()), 0o444)
	}
	dataDir := filepath.Join(root, "data")
	if err := os.Mkdir(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dbFile := filepath.Join(dataDir, "app.db")
	copyFile(t, strings.TrimPrefix(admin, "sqlite://"), dbFile, 0o444)
	for _, d := range []string{dataDir, root} {
		if err := os.Chmod(d, 0o555); err != nil {
			t.Fatal(err)
		}
	}
	before, err := os.ReadFile(dbFile)
	if err != nil {
		t.Fatal(err)
	}

	run := func(command string) Result {
		cmd := cliCmd(t, filepath.Join(root, "ws"), map[string]string{"HOME": root}, command,
			"--migrations-path", "db/migrations", "--database-url", "sqlite://"+dbFile)
		cmd.Path = bin
		cmd.Args[0] = bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		return runCmd(t, cmd)
	}
	r := run("plan")
	if r.Code != 0 || !strings.Contains(r.Stdout, "## schemagate plan: 1 pending") ||
		!strings.Contains(r.Stdout, "| before | 2 | false |") || !strings.Contains(r.Stdout, "- `db/migrations/3_add_orders.up.sql`") {
		t.Fatalf("plan as nobody: exit %d\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
	}
	r = run("verify")
	if r.Code != 1 || !strings.Contains(r.Stdout, "deploy the schema first: 1 pending: db/migrations/3_add_orders.up.sql") {
		t.Fatalf("verify as nobody: exit %d\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
	}
	// The same user cannot migrate: the file really is read-only to it.
	if r = run("migrate"); r.Code == 0 {
		t.Fatalf("migrate as nobody succeeded on a 0444 file:\n%s", r.Stdout)
	}
	after, err := os.ReadFile(dbFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Fatal("the SQLite file changed")
	}
}

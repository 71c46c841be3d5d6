package e2e

import (
	"bufio"
	"bytes"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// The recovery tests run the built binary and break it the way reality
// does: a second cancellation signal, kill -9 of the client, a server that
// dies mid-migration. Each then asks plan what to do.

// sleepSQL is a statement that runs for about d seconds on each engine (on
// SQLite a recursive count; about 1.8 million rows a second here, rough
// enough for a statement that is interrupted or only needs to outlast a
// kill).
func sleepSQL(engine string, seconds int) string {
	switch engine {
	case "postgres":
		return "SELECT pg_sleep(" + strconv.Itoa(seconds) + ")"
	case "mariadb":
		return "SELECT SLEEP(" + strconv.Itoa(seconds) + ")"
	}
	return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < " + strconv.Itoa(seconds*2000000) + ") SELECT count(*) FROM c"
}

// inSlowMigration starts the CLI's migrate on slowFiles, migration 2
// running about seconds, against u, and returns once migration 2 starts.
func inSlowMigration(t *testing.T, engine string, seconds int, u string) (string, map[string]string, *exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	dir := workspace(t, slowFiles(sleepSQL(engine, seconds))...)
	env := map[string]string{"DATABASE_URL": u}
	cmd, out, stderr := startCLI(t, dir, env, "migrate", "--migrations-path", "db/migrations", "--lock-timeout", "10s")
	readUntil(t, out, "running db/migrations/2_slow.up.sql")
	return dir, env, cmd, out, stderr
}

// waitDirty waits until golang-migrate has marked version v dirty: the
// progress line comes just before it writes the flag.
func waitDirty(t *testing.T, u string, v int) {
	t.Helper()
	db := dbtest.Open(t, u)
	deadline := time.Now().Add(5 * time.Second)
	for {
		var got int
		var dirty bool
		err := db.QueryRow("SELECT version, dirty FROM schema_migrations").Scan(&got, &dirty)
		if err == nil && got == v && dirty {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("version %d never marked dirty (last: %d %v %v)", v, got, dirty, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitRunning waits until the server runs the slow statement: killing the
// client earlier would kill it before the file was even sent.
func waitRunning(t *testing.T, engine, u string) {
	t.Helper()
	var q string
	switch engine {
	case "postgres":
		q = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep%'"
	case "mariadb":
		q = "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP%'"
	default:
		return // in-process: nothing to see from outside
	}
	db := dbtest.Open(t, u)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var n int
		if err := db.QueryRow(q).Scan(&n); err == nil && n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow statement never showed up on the server")
		}
	}
}

func wantIn(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func wantNotIn(t *testing.T, what, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("%s must not say %q:\n%s", what, w, text)
		}
	}
}

// TestTwoSignalCancelE2E: SIGINT, then SIGTERM while a 20 s migration runs
// (the runner's cancellation): the second signal cancels the statement in
// flight, the run ends within about a second of it, and the state it
// reports is true (nothing of migration 2 applied, force 1).
func TestTwoSignalCancelE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, u string) {
		dir, env, cmd, out, stderr := inSlowMigration(t, eng.Name, 20, u)
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		second := time.Now()
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(out)
		code := exitCode(cmd.Wait())
		took := time.Since(second)
		t.Logf("%s: exited %v after the second signal", eng.Name, took.Round(time.Millisecond))
		if code != 1 || took > 1500*time.Millisecond {
			t.Fatalf("exit %d after %v (want 1 within ~1 s)\nstdout:\n%s\nstderr:\n%s", code, took, rest, stderr)
		}
		report := string(rest)
		cancelled := "Cancellation: the second signal cancelled the statement in flight"
		if eng.Name == "sqlite" {
			cancelled = "Cancellation: the second signal interrupted the SQLite statement in flight"
		}
		wantIn(t, "report", report, cancelled, "| after | 2 | true |", "**Force version 1.**", "`version: 1`")
		if eng.Name == "mariadb" {
			wantIn(t, "report", report, "Rolled back: no, MySQL and MariaDB commit")
		} else {
			wantIn(t, "report", report, "Rolled back: yes")
		}
		if c := dbtest.AppliedLog(t, u); c[1] != 1 || c[2] != 0 {
			t.Fatalf("applied_log = %v: migration 2 must not have applied", c)
		}
		plan := RunCLI(t, dir, env, "plan", "--migrations-path", "db/migrations")
		if plan.Code != 0 {
			t.Fatalf("plan: exit %d\n%s\n%s", plan.Code, plan.Stdout, plan.Stderr)
		}
		// The history table recorded the cancelled up of 2: plan gives the
		// failing run's own answer. Without the table it cannot tell a
		// failed up from a failed down, and says so.
		wantIn(t, "plan", plan.Stdout, "plan: the database is dirty at version 2", "**Force version 1.**")
		plan = RunCLI(t, dir, env, "plan", "--migrations-path", "db/migrations", "--history-table", "none")
		wantIn(t, "plan without history", plan.Stdout, "plan: the database is dirty at version 2", "schema matches version 1 or 2")
	})
}

// TestKilledClientE2E: kill -9 of the client while migration 2 runs. The
// server may finish and commit it (PostgreSQL does) while the dirty flag
// stays: plan, verify and the migrate refusal must not claim a rollback
// nor advise force 1; they say version 1 or 2 and how to tell.
func TestKilledClientE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, u string) {
		dir, env, cmd, _, _ := inSlowMigration(t, eng.Name, 2, u)
		if eng.Name == "sqlite" {
			// Polling the file would take locks the run's writes fail on
			// (golang-migrate sets no busy timeout): give it the moment it
			// needs to mark 2 dirty and start the statement.
			time.Sleep(300 * time.Millisecond)
		} else {
			waitDirty(t, u, 2)
			waitRunning(t, eng.Name, u)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		// Give the server the time to finish the statement it had begun.
		deadline := time.Now().Add(4 * time.Second)
		for eng.Name != "sqlite" && time.Now().Before(deadline) && dbtest.AppliedLog(t, u)[2] == 0 {
			time.Sleep(100 * time.Millisecond)
		}
		c := dbtest.AppliedLog(t, u)
		t.Logf("%s: after kill -9 of the client, applied_log = %v", eng.Name, c)
		switch eng.Name {
		case "postgres":
			if c[2] != 1 {
				t.Fatalf("PostgreSQL was expected to commit migration 2 after the client died: %v", c)
			}
		case "sqlite":
			if c[2] != 0 {
				t.Fatalf("SQLite must have rolled back the uncommitted file: %v", c)
			}
		}
		var advice []string
		for _, args := range [][]string{{"plan"}, {"verify"}, {"migrate", "--lock-timeout", "5s"}} {
			r := RunCLI(t, dir, env, append(args, "--migrations-path", "db/migrations")...)
			text := r.Stdout + r.Stderr
			how := "Compare the database's schema with the schema at version 1 or 2"
			if eng.Name == "sqlite" {
				// A temporary file is the scratch database: the comparison
				// runs, and migrations 1 and 2 differ in data only.
				how = "The schema cannot tell versions 1, 2 apart"
			}
			wantIn(t, args[0], text, "dirty at version 2", "Not known yet: the schema matches version 1 or 2.", how)
			wantNotIn(t, args[0], text, "rolled", "Force version", "run force with version 1")
			i := strings.Index(r.Stdout, "### Recovery")
			if i < 0 {
				t.Fatalf("%s: no recovery section:\n%s", args[0], r.Stdout)
			}
			advice = append(advice, r.Stdout[i:])
		}
		for i := range advice {
			if advice[i] != advice[0] {
				t.Errorf("recovery differs between plan and command %d:\n%s\n---\n%s", i, advice[0], advice[i])
			}
		}
	})
}

// TestServerDeathE2E: the server dies while migration 2 runs (a server of
// the test's own, never the shared one). The run cannot read the state
// back and says it is unknown, never "version 0"; once the server is back,
// plan reads the real state.
func TestServerDeathE2E(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		start func(testing.TB) *dbtest.Server
	}{{"postgres", dbtest.OwnPostgres}, {"mariadb", dbtest.OwnMariaDB}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := tc.start(t)
			dir, env, cmd, out, stderr := inSlowMigration(t, tc.name, 30, srv.URL)
			waitDirty(t, srv.URL, 2)
			start := time.Now()
			srv.Kill(t)
			rest, _ := io.ReadAll(out)
			code := exitCode(cmd.Wait())
			t.Logf("%s: the run ended %v after the server died", tc.name, time.Since(start).Round(time.Millisecond))
			if code != 1 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, rest, stderr)
			}
			report := string(rest)
			wantIn(t, "report", report, "| after | unknown | unknown |", "**State unknown:**", "could not be read back",
				"this run had marked version 2 dirty", "Once the server answers again, run `plan`", "Not known yet: the schema matches version 1 or 2.")
			wantNotIn(t, "stderr", stderr.String(), "release the migration lock")
			wantNotIn(t, "report", report, "version 0", "No pending migrations", "Rolled back: yes", "Force version", "### Pending")

			srv.Start(t)
			plan := RunCLI(t, dir, env, "plan", "--migrations-path", "db/migrations")
			if plan.Code != 0 {
				t.Fatalf("plan: exit %d\n%s\n%s", plan.Code, plan.Stdout, plan.Stderr)
			}
			wantIn(t, "plan", plan.Stdout, "plan: the database is dirty at version 2", "| before | 2 | true |", "schema matches version 1 or 2")
			if c := dbtest.AppliedLog(t, srv.URL); c[1] != 1 || c[2] != 0 {
				t.Fatalf("applied_log = %v: crash recovery must have dropped the uncommitted migration 2", c)
			}
		})
	}
}

package migrate

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/window"
)

func windows(t *testing.T, text string) []window.Window {
	t.Helper()
	ws, err := window.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestWindowsHoldBack: outside every window migrate and down fail before
// touching the database (not even the version table appears); force runs.
func TestWindowsHoldBack(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		o := writeDir(t, url, three)
		o.Windows = windows(t, "Tue 14:00-16:00 Europe/London")
		o.Now = func() time.Time { return time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) } // Tue 16:00 GMT
		for _, run := range []func() (*Result, error){
			func() (*Result, error) { return Migrate(bg, o, 0, false) },
			func() (*Result, error) { return Down(bg, o, 1) },
		} {
			r, err := run()
			wantKind(t, err, KindFailed, "outside every migration window (now Tue 2026-12-01 16:00 UTC): the next window opens Tue 2026-12-08 14:00 Europe/London")
			if r == nil || r.Connected {
				t.Fatalf("result %+v", r)
			}
		}
		if tables := dbtest.Tables(t, url); len(tables) != 0 {
			t.Fatalf("a held-back run touched the database: %v", tables)
		}
		ok(t)(Force(bg, o, -1))
		o.Now = func() time.Time { return time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC) }
		if r := ok(t)(Migrate(bg, o, 0, false)); len(r.Applied) != 3 {
			t.Fatalf("inside the window: applied %v", versions(r.Applied))
		}
	})
}

var lockFiles = map[string]string{
	"1_t.up.sql":       "CREATE TABLE t (id INTEGER);",
	"1_t.down.sql":     "DROP TABLE t;",
	"2_alter.up.sql":   "ALTER TABLE t ADD COLUMN c INTEGER;",
	"2_alter.down.sql": "ALTER TABLE t DROP COLUMN c;",
}

// holdTableLock opens a transaction that reads t, so DDL on t waits for it
// (PostgreSQL: ACCESS SHARE; MariaDB: a shared metadata lock).
func holdTableLock(t *testing.T, url string) *sql.Tx {
	t.Helper()
	tx, err := dbtest.Open(t, url).BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT * FROM t"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return tx
}

// TestStatementLockTimeout: behind a held lock, the ALTER fails after about
// the timeout instead of waiting for lock-timeout; without the setting it
// would wait until the lock is gone.
func TestStatementLockTimeout(t *testing.T) {
	t.Parallel()
	engines := append([]dbtest.Engine{{Name: "pgx5", New: func(t testing.TB) string {
		return "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
	}}}, dbtest.Servers...)
	dbtest.EachEngine(t, engines, func(t *testing.T, eng dbtest.Engine, url string) {
		o := withHistory(writeDir(t, url, lockFiles))
		o.LockTimeout = 30 * time.Second
		ok(t)(Migrate(bg, o, 1, true))
		holdTableLock(t, url)
		o.StatementLockTimeout = 300 * time.Millisecond // MySQL rounds up to 1 s
		start := time.Now()
		r, err := Migrate(bg, o, 0, false)
		took := time.Since(start)
		wantKind(t, err, KindFailed, "2_alter.up.sql")
		if !strings.Contains(strings.ToLower(r.Failure.Reason), "lock") {
			t.Errorf("failure is not a lock timeout: %+v", r.Failure)
		}
		limit := 3 * time.Second
		if took > limit {
			t.Errorf("migration failed after %s, want about the statement lock timeout (< %s)", took, limit)
		}
		t.Logf("%s: failed after %s: %s", eng.Name, took, r.Failure.Reason)
		if !r.After.Dirty || r.After.Version != 2 {
			t.Errorf("after: %v", r.After)
		}
		// The RESET after the failed file succeeds; the observer must still
		// see the file's own failure (the engine's answer), not a completed
		// file whose dirty flag failed to clear.
		if r.Failure.Outcome != OutcomeFailed || r.Recovery == nil || (eng.Name != "mariadb" && (!r.Recovery.Known || *r.Recovery.Force != 1)) {
			t.Errorf("outcome %s, advice %+v: want a failed file and force 1", r.Failure.Outcome, r.Recovery)
		}

		// lock-retries: PostgreSQL retries while the lock stays, then gives
		// up; MariaDB never retries.
		ok(t)(Force(bg, o, 1))
		o.LockRetries, o.RetryWait = 3, 10*time.Millisecond
		r, err = Migrate(bg, o, 0, false)
		wantKind(t, err, KindFailed, "2_alter.up.sql")
		switch eng.Name {
		case "postgres", "pgx5":
			// Retried 3 times while the lock stays, then given up; the
			// database is dirty at 2 as golang-migrate left it.
			if len(r.LockRetries) != 3 || !strings.Contains(r.LockRetryNote, "gave up after 3 retries") {
				t.Errorf("retries %+v note %q", r.LockRetries, r.LockRetryNote)
			}
		case "mariadb":
			if len(r.LockRetries) != 0 || !strings.Contains(r.LockRetryNote, "not retried: MySQL and MariaDB commit each DDL statement") {
				t.Errorf("retries %+v note %q", r.LockRetries, r.LockRetryNote)
			}
		}
		if !r.After.Dirty || r.After.Version != 2 {
			t.Errorf("after: %v", r.After)
		}
	})
}

// TestLockRetriesSucceed: PostgreSQL retries the transactional migration
// after the lock is released; the database ends clean at the latest
// version, and history shows the failed attempt and the one that applied.
func TestLockRetriesSucceed(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	o := withHistory(writeDir(t, url, lockFiles))
	ok(t)(Migrate(bg, o, 1, true))
	tx := holdTableLock(t, url)
	o.StatementLockTimeout = 200 * time.Millisecond
	o.LockRetries = 5
	o.RetryWait = 100 * time.Millisecond
	g := &gate{}
	starts := 0
	g.onStart = func(s Step) {
		starts++
		if starts == 2 { // the first retry: let go of the lock
			_ = tx.Rollback()
		}
	}
	o.Progress = g
	r := ok(t)(Migrate(bg, o, 0, false))
	if r.After.Dirty || r.After.Version != 2 || len(r.Applied) != 1 || len(r.LockRetries) != 1 || r.LockRetries[0].Attempt != 1 {
		t.Fatalf("after %v applied %v retries %+v note %q", r.After, versions(r.Applied), r.LockRetries, r.LockRetryNote)
	}
	if !dbtest.HasTable(t, url, "t") {
		t.Fatal("table t is gone")
	}
	if _, err := dbtest.Open(t, url).Exec("SELECT c FROM t"); err != nil {
		t.Fatalf("column c missing: %v", err)
	}
	rows := readHistory(t, o)
	if len(rows) != 3 || rows[0].Outcome != HistoryOK || rows[1].Outcome != HistoryFailed || rows[1].Version != 2 || rows[0].Version != 2 {
		t.Fatalf("history: %+v", rows)
	}
}

// TestLockRetriesRefuseUnprovable: a file that commits on its own is not
// retried, and says why.
func TestLockRetriesRefuseUnprovable(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	files := with(lockFiles, map[string]string{"2_alter.up.sql": "CREATE TABLE side (id INTEGER);\nCOMMIT;\nALTER TABLE t ADD COLUMN c INTEGER;"})
	o := writeDir(t, url, files)
	ok(t)(Migrate(bg, o, 1, true))
	holdTableLock(t, url)
	o.StatementLockTimeout = 200 * time.Millisecond
	o.LockRetries = 2
	r, err := Migrate(bg, o, 0, false)
	wantKind(t, err, KindFailed, "2_alter.up.sql")
	if len(r.LockRetries) != 0 || !strings.Contains(r.LockRetryNote, "controls transactions itself") {
		t.Fatalf("retries %+v note %q", r.LockRetries, r.LockRetryNote)
	}
}

func TestSessionLockTimeoutStatement(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		e    Engine
		d    time.Duration
		want string
	}{
		{Postgres, 1500 * time.Millisecond, "SET lock_timeout = 1500"},
		{MySQL, 1500 * time.Millisecond, "SET SESSION lock_wait_timeout = 2"},
		{MySQL, 3 * time.Second, "SET SESSION lock_wait_timeout = 3"},
		{SQLite, time.Second, ""},
		{Postgres, 0, ""},
	} {
		if got, _ := sessionLockTimeout(c.e, c.d); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.e, c.d, got, c.want)
		}
	}
}

// TestStatementLockTimeoutKeepsLockWait: the statement lock timeout does
// not cut the wait for another run's migration lock (PostgreSQL's
// lock_timeout bounds pg_advisory_lock too): the second run waits for the
// first and then finds nothing to do.
func TestStatementLockTimeoutKeepsLockWait(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Servers, func(t *testing.T, eng dbtest.Engine, url string) {
		o := writeDir(t, url, three)
		o.StatementLockTimeout = 200 * time.Millisecond
		first := o
		g := newGate(2)
		first.Progress = g
		done := make(chan error, 1)
		go func() { _, err := Migrate(bg, first, 0, false); done <- err }()
		<-g.entered
		go func() { time.Sleep(time.Second); close(g.release) }()
		r, err := Migrate(bg, o, 0, false)
		if err != nil || !r.NoChange {
			t.Fatalf("second run: %v, applied %v", err, versions(r.Applied))
		}
		if err := <-done; err != nil {
			t.Fatalf("first run: %v", err)
		}
	})
}

// TestStatementLockTimeoutSparesVersionTable: the timeout covers only the
// files' statements. golang-migrate's version update (TRUNCATE on
// PostgreSQL) waits behind a reader of the version table as before, rather
// than failing after the migration applied and leaving it marked dirty.
func TestStatementLockTimeoutSparesVersionTable(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	o := writeDir(t, url, three)
	ok(t)(Migrate(bg, o, 1, true))
	tx, err := dbtest.Open(t, url).BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT * FROM schema_migrations"); err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(800 * time.Millisecond); _ = tx.Rollback() }()
	o.StatementLockTimeout = 200 * time.Millisecond
	r := ok(t)(Migrate(bg, o, 0, false))
	if r.After.Dirty || r.After.Version != 3 || len(r.Applied) != 2 {
		t.Fatalf("after %v applied %v", r.After, versions(r.Applied))
	}
}

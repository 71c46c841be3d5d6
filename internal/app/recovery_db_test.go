package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// recoveryFiles are three migrations whose schemas all differ; each has a
// down file, so a failed down of the next version is always a candidate.
var recoveryFiles = map[string]string{
	"1_a.up.sql":   "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
	"1_a.down.sql": "DROP TABLE a;\n",
	"2_b.up.sql":   "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
	"2_b.down.sql": "DROP TABLE b;\n",
	"3_c.up.sql":   "ALTER TABLE a ADD COLUMN note VARCHAR(20);\n",
	"3_c.down.sql": "ALTER TABLE a DROP COLUMN note;\n",
}

func recoveryWorkspace(t *testing.T) string {
	t.Helper()
	ws := t.TempDir()
	dir := filepath.Join(ws, "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range recoveryFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// recoverySection is the Recovery section of a report.
func recoverySection(t *testing.T, what, out string) string {
	t.Helper()
	i := strings.Index(out, "### Recovery")
	if i < 0 {
		t.Fatalf("%s: no recovery section:\n%s", what, out)
	}
	return out[i:]
}

// TestExactRecoveryRealDB: a dirty flag whose run left no record (history
// table none) is settled by comparing the schema with the replays, on
// every engine, and plan, verify and the refusal of migrate and down all
// give the same exact answer. Each command gets a fresh scratch database
// (SQLite: a temporary file in RUNNER_TEMP, removed afterwards).
func TestExactRecoveryRealDB(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// applied is the version the migrations really reach; dirty the
		// version the flag is set on afterwards (by hand, as a killed client
		// or a failed run leaves it).
		applied, dirty int
		hand           string // a change by hand after migrating
		want           []string
	}{
		{name: "a: killed after the commit of N, flag not cleared", applied: 2, dirty: 2,
			want: []string{"**Force version 2.**", "The schema equals the schema the migrations produce at version 2 (compared with versions 1, 2, 3", "`version: 2`"}},
		{name: "b: failed up of N left nothing", applied: 1, dirty: 2,
			want: []string{"**Force version 1.**", "at version 1 (compared with versions 1, 2, 3"}},
		{name: "c: failed down of N left nothing", applied: 3, dirty: 2,
			want: []string{"**Force version 3.**", "at version 3 (compared with versions 1, 2, 3"}},
		{name: "d: a change by hand matches neither", applied: 3, dirty: 3, hand: "ALTER TABLE b ADD COLUMN hand_made INTEGER",
			want: []string{"**The schema matches neither version 2 nor 3.**", "- The schema matches neither version 2 nor 3 (each replayed", "The closest is version 3",
				"What differs between the schema at version 3 and this database's (1):", "- column `b.hand_made` **added**"}},
	}
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, live string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if tc.name[0] != 'a' {
					live = eng.New(t)
				}
				ws := recoveryWorkspace(t)
				env := map[string]string{"GITHUB_WORKSPACE": ws, "DATABASE_URL": live}
				if code, out, errOut := run(t, env, "migrate", "--target-version", fmt.Sprint(tc.applied), "--history-table", "none"); code != ExitOK {
					t.Fatalf("migrate: exit %d\n%s\n%s", code, out, errOut)
				}
				db := dbtest.Open(t, live)
				if _, err := db.Exec(fmt.Sprintf("UPDATE schema_migrations SET version = %d, dirty = true", tc.dirty)); err != nil {
					t.Fatal(err)
				}
				if tc.hand != "" {
					if _, err := db.Exec(tc.hand); err != nil {
						t.Fatal(err)
					}
				}
				var sections []string
				for _, cmd := range []struct {
					name string
					exit int
				}{{"plan", ExitOK}, {"verify", ExitFailed}, {"migrate", ExitFailed}, {"down", ExitFailed}} {
					tmp := t.TempDir()
					env["RUNNER_TEMP"] = tmp
					args := []string{cmd.name, "--history-table", "none", "--lock-timeout", "10s"}
					if eng.Name != "sqlite" {
						args = append(args, "--scratch-database-url", eng.New(t))
					}
					code, out, errOut := run(t, env, args...)
					if code != cmd.exit {
						t.Fatalf("%s: exit %d, want %d\n%s\n%s", cmd.name, code, cmd.exit, out, errOut)
					}
					sec := recoverySection(t, cmd.name, out)
					if os.Getenv("PEEK") != "" {
						t.Logf("%s:\n%s", cmd.name, sec)
					}
					wantIn(t, cmd.name, sec, tc.want...)
					wantNotIn(t, cmd.name, sec, "Not known yet", "could not be compared")
					if eng.Name == "sqlite" {
						if left, _ := os.ReadDir(tmp); len(left) != 0 {
							t.Errorf("%s: the temporary scratch file is left in RUNNER_TEMP: %v", cmd.name, left)
						}
						if next, _ := os.ReadDir(filepath.Dir(strings.TrimPrefix(live, "sqlite://"))); len(next) != 1 {
							t.Errorf("%s: files next to the live database: %v", cmd.name, next)
						}
					} else {
						wantIn(t, cmd.name, sec, "is left as the replay left it")
					}
					sections = append(sections, sec)
				}
				for i, s := range sections[1:] {
					// migrate and down name themselves in the last step.
					if a, b := cut(sections[0]), cut(s); a != b {
						t.Errorf("recovery differs between plan and command %d:\n%s\n---\n%s", i+1, a, b)
					}
				}
				var v int
				var dirty bool
				if err := db.QueryRow("SELECT version, dirty FROM schema_migrations").Scan(&v, &dirty); err != nil || v != tc.dirty || !dirty {
					t.Errorf("the live database was changed: version %d dirty %v (%v)", v, dirty, err)
				}
			})
		}
	})
}

// cut is a recovery section without its last step ("Run `migrate`
// again"), which names the command.
func cut(sec string) string {
	if i := strings.LastIndex(sec, "Run `"); i >= 0 {
		return sec[:i]
	}
	return sec
}

// TestRecoveryScratchRefusedRealDB: without a scratch database, PostgreSQL's
// advice stays "not known" and says that scratch-database-url would make
// schemagate compare; a scratch database that is not empty is refused by
// name, as a note, and the exit code stays what it was.
func TestRecoveryScratchRefusedRealDB(t *testing.T) {
	t.Parallel()
	live := dbtest.Postgres(t)
	ws := recoveryWorkspace(t)
	env := map[string]string{"GITHUB_WORKSPACE": ws, "DATABASE_URL": live}
	if code, out, errOut := run(t, env, "migrate", "--target-version", "2", "--history-table", "none"); code != ExitOK {
		t.Fatalf("migrate: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := dbtest.Open(t, live).Exec("UPDATE schema_migrations SET dirty = true"); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, env, "plan", "--history-table", "none")
	sec := recoverySection(t, "plan", out)
	if code != ExitOK {
		t.Errorf("plan: exit %d", code)
	}
	wantIn(t, "plan without scratch", sec, "Not known yet: the schema matches version 1, 2 or 3.", "Setting `scratch-database-url` to an empty database on the same engine makes schemagate do this comparison itself")
	wantNotIn(t, "plan without scratch", sec, "Force version")

	scratch := dbtest.Postgres(t)
	if _, err := dbtest.Open(t, scratch).Exec("CREATE TABLE keep_me (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cmd  string
		exit int
	}{{"plan", ExitOK}, {"verify", ExitFailed}, {"migrate", ExitFailed}} {
		code, out, errOut := run(t, env, c.cmd, "--history-table", "none", "--scratch-database-url", scratch)
		if code != c.exit {
			t.Errorf("%s with a non-empty scratch: exit %d, want %d\n%s", c.cmd, code, c.exit, errOut)
		}
		sec := recoverySection(t, c.cmd, out)
		wantIn(t, c.cmd, sec, "Not known yet: the schema matches version 1, 2 or 3.", "The schema could not be compared", "input scratch-database-url", "is not empty (it holds keep\\_me)")
		wantNotIn(t, c.cmd, sec, "Force version", "Setting `scratch-database-url`")
	}
	if tables := dbtest.Tables(t, scratch); len(tables) != 1 || !strings.HasSuffix(tables[0], "keep_me") {
		t.Errorf("the non-empty scratch database was touched: %v", tables)
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

// TestFailingRunExactRecoveryRealDB: the migration's connection is killed
// from the server side while migration 2 runs, so the run sees no answer
// from the engine (the outcome is unknown) but reads the dirty state back.
// The failing run compares the schema and gives the exact version:
// PostgreSQL rolled the file back (force 1), MariaDB had committed its
// CREATE TABLE (force 2). plan afterwards gives the same advice.
func TestFailingRunExactRecoveryRealDB(t *testing.T) {
	t.Parallel()
	// The sleep is one per row of a: the live database has a row, the
	// scratch replay none, so only the live run is slow.
	sleep := map[string]string{"postgres": "SELECT pg_sleep(30) FROM a", "mariadb": "SELECT SLEEP(30) FROM a"}
	kill := map[string]string{
		"postgres": "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'CREATE TABLE b%'",
		"mariadb":  "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE '%SLEEP(30)%'",
	}
	force := map[string]string{"postgres": "**Force version 1.**", "mariadb": "**Force version 2.**"}
	dbtest.EachEngine(t, dbtest.Servers, func(t *testing.T, eng dbtest.Engine, live string) {
		ws := recoveryWorkspace(t)
		body := "CREATE TABLE b (id INTEGER PRIMARY KEY);\n" + sleep[eng.Name] + ";\n"
		if err := os.WriteFile(filepath.Join(ws, "migrations", "2_b.up.sql"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"GITHUB_WORKSPACE": ws, "DATABASE_URL": live}
		if code, out, errOut := run(t, env, "migrate", "--target-version", "1"); code != ExitOK {
			t.Fatalf("migrate to 1: exit %d\n%s\n%s", code, out, errOut)
		}
		db := dbtest.Open(t, live)
		if _, err := db.Exec("INSERT INTO a (id) VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		type result struct {
			code     int
			out, err string
		}
		done := make(chan result, 1)
		scratch := eng.New(t)
		go func() {
			code, out, errOut := run(t, env, "migrate", "--lock-timeout", "10s", "--scratch-database-url", scratch)
			done <- result{code, out, errOut}
		}()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			var killed int
			if eng.Name == "postgres" {
				var ok bool
				if db.QueryRow(kill[eng.Name]).Scan(&ok) == nil && ok {
					break
				}
			} else if db.QueryRow(kill[eng.Name]).Scan(&killed) == nil {
				if _, err := db.Exec(fmt.Sprintf("KILL CONNECTION %d", killed)); err != nil {
					t.Fatal(err)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("migration 2 never ran on the server")
			}
		}
		var r result
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the failing run did not end")
		}
		if r.code != ExitFailed {
			t.Fatalf("migrate: exit %d\n%s\n%s", r.code, r.out, r.err)
		}
		sec := recoverySection(t, "failing run", r.out)
		if os.Getenv("PEEK") != "" {
			t.Logf("%s", sec)
		}
		wantIn(t, "failing run", sec, "was interrupted before the engine answered", force[eng.Name], "each replayed into the scratch database")
		wantNotIn(t, "failing run", sec, "Not known yet", "could not be compared")
		code, out, errOut := run(t, env, "plan", "--scratch-database-url", eng.New(t))
		if code != ExitOK {
			t.Fatalf("plan: exit %d\n%s\n%s", code, out, errOut)
		}
		if a, b := cut(sec), cut(recoverySection(t, "plan", out)); a != b {
			t.Errorf("the failing run and plan differ:\n%s\n---\n%s", a, b)
		}
	})
}

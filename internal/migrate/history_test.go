package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

func withHistory(o Options) Options {
	o.History = HistoryOptions{Table: "schemagate_history", Commit: "abc123", Actor: "octocat",
		RunURL: "https://github.com/o/r/actions/runs/7", ToolVersion: "v9.9.9"}
	return o
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func readHistory(t *testing.T, o Options) []HistoryRow {
	t.Helper()
	db, err := ParseURL(o.URL)
	if err != nil {
		t.Fatal(err)
	}
	rows, missing, err := ReadHistory(bg, db, o.History.Table, 0)
	if err != nil || missing {
		t.Fatalf("read history: missing %v, %v", missing, err)
	}
	return rows
}

type rowWant struct {
	version   int64
	direction Direction
	file      string // base name; "" for none
	outcome   string
}

func checkRows(t *testing.T, o Options, got []HistoryRow, want []rowWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("history has %d rows, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[len(got)-1-i] // got is newest first
		wantSum, wantFile := "", ""
		if w.file != "" {
			body, err := os.ReadFile(filepath.Join(o.Dir, w.file))
			if err != nil {
				t.Fatal(err)
			}
			wantSum, wantFile = sum(string(body)), o.MigrationsPath+"/"+w.file
		}
		if g.Version != w.version || g.Direction != w.direction || g.Outcome != w.outcome || g.File != wantFile || g.Checksum != wantSum {
			t.Errorf("row %d = %d %s %q %s sum %s, want %d %s %q %s sum %s", i, g.Version, g.Direction, g.File, g.Outcome, g.Checksum, w.version, w.direction, wantFile, w.outcome, wantSum)
		}
		if g.Commit != "abc123" || g.Actor != "octocat" || g.RunURL != "https://github.com/o/r/actions/runs/7" || g.ToolVersion != "v9.9.9" {
			t.Errorf("row %d identity: %+v", i, g)
		}
		if g.Started.IsZero() || g.Ended.Before(g.Started) || time.Since(g.Started) > time.Minute {
			t.Errorf("row %d times: started %v ended %v", i, g.Started, g.Ended)
		}
	}
}

// TestHistoryRecordsEveryStep: migrate, down and force each leave one row
// per step, with the file's checksum and the run's identity; a failed
// migration's row says failed.
func TestHistoryRecordsEveryStep(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		files := with(three, map[string]string{"4_broken.up.sql": "INSERT INTO no_such_table (v) VALUES (4);"})
		o := withHistory(writeDir(t, url, files))
		ok(t)(Migrate(bg, o, 3, true))
		ok(t)(Down(bg, o, 1))
		ok(t)(Force(bg, o, 2))
		_, err := Migrate(bg, o, 0, false) // 3 applies, 4 fails
		wantKind(t, err, KindFailed, "4_broken.up.sql")
		checkRows(t, o, readHistory(t, o), []rowWant{
			{1, DirUp, "1_create_log.up.sql", HistoryOK},
			{2, DirUp, "2_add_users.up.sql", HistoryOK},
			{3, DirUp, "3_add_orders.up.sql", HistoryOK},
			{3, DirDown, "3_add_orders.down.sql", HistoryOK},
			{2, DirForce, "2_add_users.up.sql", HistoryOK},
			{3, DirUp, "3_add_orders.up.sql", HistoryOK},
			{4, DirUp, "4_broken.up.sql", HistoryFailed},
		})
		db, _ := ParseURL(o.URL)
		last, err := LastAttempt(bg, db, o.History.Table)
		if err != nil || last == nil || last.Version != 4 || last.Outcome != HistoryFailed {
			t.Errorf("LastAttempt = %+v, %v", last, err)
		}
		// force -1 records version -1 and no file.
		ok(t)(Force(bg, o, -1))
		if rows := readHistory(t, o); rows[0].Version != -1 || rows[0].Direction != DirForce || rows[0].File != "" || rows[0].Outcome != HistoryOK {
			t.Errorf("force -1 row: %+v", rows[0])
		}
	})
}

// TestHistoryRowBeforeStep: the "started" row is committed before the
// migration runs, so a run killed mid-migration leaves it behind.
func TestHistoryRowBeforeStep(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		o := withHistory(writeDir(t, url, three))
		g := newGate(2)
		o.Progress = g
		done := make(chan error, 1)
		go func() { _, err := Migrate(bg, o, 0, false); done <- err }()
		select {
		case <-g.entered:
		case <-time.After(20 * time.Second):
			t.Fatal("migration 2 never started")
		}
		rows := readHistory(t, o)
		close(g.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Version != 2 || rows[0].Outcome != HistoryStarted || !rows[0].Ended.IsZero() || rows[1].Outcome != HistoryOK {
			t.Fatalf("rows while 2 is in flight: %+v", rows)
		}
		if rows := readHistory(t, o); len(rows) != 3 || rows[1].Outcome != HistoryOK {
			t.Fatalf("rows after the run: %+v", rows)
		}
	})
}

// TestHistoryChecksumMismatch: an applied migration edited afterwards
// fails verify and is listed by plan; a pending one edited is fine.
func TestHistoryChecksumMismatch(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		o := withHistory(writeDir(t, url, three))
		ok(t)(Migrate(bg, o, 2, true))
		ok(t)(Verify(bg, withNoPending(t, o)))
		if err := os.WriteFile(filepath.Join(o.Dir, "3_add_orders.up.sql"), []byte("-- pending, edited\nCREATE TABLE orders (id INTEGER);"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := ok(t)(Plan(bg, o))
		if len(r.History.Mismatches) != 0 || len(r.History.Recent) != 2 {
			t.Fatalf("plan before the edit: %+v", r.History)
		}
		if err := os.WriteFile(filepath.Join(o.Dir, "2_add_users.up.sql"), []byte("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);"), 0o644); err != nil {
			t.Fatal(err)
		}
		r = ok(t)(Plan(bg, o))
		if ms := r.History.Mismatches; len(ms) != 1 || ms[0].Version != 2 || ms[0].File != "db/migrations/2_add_users.up.sql" || ms[0].Recorded != sum(three["2_add_users.up.sql"]) {
			t.Fatalf("plan mismatches: %+v", r.History.Mismatches)
		}
		ok(t)(Migrate(bg, o, 0, false))
		_, err := Verify(bg, o)
		wantKind(t, err, KindFailed, "edited after they were applied: db/migrations/2_add_users.up.sql. Databases that ran them never run the new text")
		// Without history, verify cannot know and passes.
		o.History.Table = ""
		ok(t)(Verify(bg, o))
	})
}

// withNoPending is o as verify sees it once everything is applied: here
// verify must only pass, so the test migrates first.
func withNoPending(t *testing.T, o Options) Options {
	t.Helper()
	ok(t)(Migrate(bg, o, 2, true))
	p := o
	dir := t.TempDir()
	for _, f := range []string{"1_create_log.up.sql", "1_create_log.down.sql", "2_add_users.up.sql", "2_add_users.down.sql"} {
		b, err := os.ReadFile(filepath.Join(o.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.Dir = dir
	p.MigrationsPath = o.MigrationsPath
	return p
}

// TestHistoryReadOnlyUser: plan and verify run as a user that may only
// SELECT, with and without the history table, and with and without the
// right to read it; nothing is created.
func TestHistoryReadOnlyUser(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		new    func(testing.TB) string
		reader func(t testing.TB, admin, table string) string
		grants []string // tables the reader may read: versions only, or all
	}{
		{"postgres", dbtest.Postgres, dbtest.PostgresReader, []string{"schema_migrations", "ALL TABLES IN SCHEMA public"}},
		{"mariadb", dbtest.MariaDB, dbtest.MariaDBReader, []string{"schema_migrations", "*"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, withTable := range []bool{false, true} {
				admin := c.new(t)
				o := writeDir(t, admin, three)
				if withTable {
					o = withHistory(o)
				}
				ok(t)(Migrate(bg, o, 0, false))
				before := dbtest.Tables(t, admin)
				for _, grant := range c.grants {
					ro := withHistory(o)
					ro.URL = c.reader(t, admin, grant)
					r := ok(t)(Plan(bg, ro))
					h := r.History
					switch {
					case !withTable && c.name == "mariadb" && grant == "schema_migrations":
						// MySQL answers "denied" for a table the user may
						// not see, existing or not.
						if !strings.Contains(h.Unavailable, "does not tell") {
							t.Errorf("no table, no grant: %+v", h)
						}
					case !withTable && !h.Missing:
						t.Errorf("no table, grant %s: %+v", grant, h)
					case withTable && grant == "schema_migrations" && !strings.Contains(h.Unavailable, "may not read history table schemagate_history"):
						t.Errorf("table without grant: %+v", h)
					case withTable && grant != "schema_migrations" && (len(h.Recent) != 3 || h.Unavailable != ""):
						t.Errorf("table with grant %s: %+v", grant, h)
					}
					ok(t)(Verify(bg, ro))
				}
				if after := dbtest.Tables(t, admin); strings.Join(after, ",") != strings.Join(before, ",") {
					t.Errorf("tables changed: %v -> %v", before, after)
				}
			}
		})
	}
}

// TestHistoryNone: an empty table name keeps no history at all.
func TestHistoryNone(t *testing.T) {
	t.Parallel()
	url := dbtest.SQLite(t)
	o := writeDir(t, url, three)
	ok(t)(Migrate(bg, o, 0, false))
	for _, tb := range dbtest.Tables(t, url) {
		if strings.Contains(tb, "history") {
			t.Errorf("history table %s created with history off", tb)
		}
	}
	if r := ok(t)(Plan(bg, o)); r.History != nil {
		t.Errorf("plan read history with history off: %+v", r.History)
	}
}

// TestHistorySchemaQualified: a schema-qualified name is quoted per part
// and lands in that schema.
func TestHistorySchemaQualified(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	if _, err := dbtest.Open(t, url).Exec(`CREATE SCHEMA ops`); err != nil {
		t.Fatal(err)
	}
	o := withHistory(writeDir(t, url, three))
	o.History.Table = "ops.Run_Log"
	ok(t)(Migrate(bg, o, 1, true))
	if !dbtest.HasTable(t, url, `ops."Run_Log"`) {
		t.Fatalf("tables: %v", dbtest.Tables(t, url))
	}
	if rows := readHistory(t, o); len(rows) != 1 {
		t.Fatalf("rows: %+v", rows)
	}
}

// TestPendingSQLBounds: plan reads each pending file up to the per-file
// bound (cut at a line end) and stops at the total budget, saying so. (A
// FIFO among the files is refused before plan reads anything:
// TestUnsafeFilesRefused.)
func TestPendingSQLBounds(t *testing.T) {
	t.Parallel()
	line := "INSERT INTO applied_log (v) VALUES (1);\n"
	files := map[string]string{}
	for i := 1; i <= 10; i++ {
		files[fmt.Sprintf("%d_big.up.sql", i)] = strings.Repeat(line, (pendingSQLPerFile+1000)/len(line))
	}
	files["11_small.up.sql"] = "SELECT 1;\n"
	o := writeDir(t, dbtest.SQLite(t), files)
	r := ok(t)(Plan(bg, o))
	if len(r.PendingSQL) != 11 {
		t.Fatalf("%d pending SQL entries", len(r.PendingSQL))
	}
	var total int64
	for i, p := range r.PendingSQL[:8] {
		total += p.Shown
		if p.Omitted != "" || p.Shown > pendingSQLPerFile || p.Shown >= p.Size || !strings.HasSuffix(p.SQL, ";\n") {
			t.Errorf("file %d: shown %d of %d, omitted %q, ends %q", i+1, p.Shown, p.Size, p.Omitted, p.SQL[len(p.SQL)-5:])
		}
	}
	if total > pendingSQLTotal {
		t.Errorf("shown %d bytes in total, budget %d", total, pendingSQLTotal)
	}
	for _, p := range r.PendingSQL[8:10] {
		if !strings.Contains(p.Omitted, "budget") {
			t.Errorf("%s past the budget: %+v", p.Step.File, p.Omitted)
		}
	}
	if p := r.PendingSQL[10]; p.SQL != "SELECT 1;\n" { // still fits the rest of the budget
		t.Errorf("small file: %+v", p)
	}
}

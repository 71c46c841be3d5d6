package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/migrate"
)

func TestCodeBlockFence(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, fence string }{
		{"SELECT 1;", "```"},
		{"SELECT '```';", "````"},
		{"-- `````\nSELECT 1;", "``````"},
	} {
		got := codeBlock("sql", c.in)
		if !strings.HasPrefix(got, c.fence+"sql\n") || !strings.HasSuffix(got, "\n"+c.fence+"\n") || strings.HasPrefix(got, c.fence+"`") {
			t.Errorf("codeBlock(%q) = %q, want fence %s", c.in, got, c.fence)
		}
	}
}

func TestMdInline(t *testing.T) {
	t.Parallel()
	got := mdInline("<img src=x onerror=alert(1)> | **x** `y`\n::error::z & 'q'")
	for _, bad := range []string{"<img", "| **", "`y`", "\n", "'q'"} {
		if strings.Contains(got, bad) {
			t.Errorf("mdInline left %q in %q", bad, got)
		}
	}
	if !strings.Contains(got, "&lt;img") || !strings.Contains(got, `\|`) || !strings.Contains(got, "&amp;") {
		t.Errorf("mdInline = %q", got)
	}
}

// TestMigrateSafetySummary: plan's summary lists the last runs, warns about
// edited migrations and folds each pending file's SQL into <details>, with
// hostile text escaped; verify's headline names the edit; a held-back run
// says so.
func TestMigrateSafetySummary(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)
	plan := &migrate.Result{Command: "plan", Engine: migrate.Postgres, MigrationsPath: "db/migrations", Connected: true, Latest: 4, HasLatest: true}
	plan.Before, plan.After = v(2, false), v(2, false)
	plan.Pending = []migrate.Step{step(3, migrate.DirUp, "db/migrations/3_<b>tags</b>.up.sql", 0), step(4, migrate.DirUp, "db/migrations/4_big.up.sql", 0)}
	plan.PendingSQL = []migrate.PendingSQL{
		{Step: plan.Pending[0], SQL: "-- ``` not a fence\nCREATE TABLE tags (id INT);\n</details><script>x</script>\n", Size: 72, Shown: 72},
		{Step: plan.Pending[1], SQL: "INSERT INTO t VALUES (1);\n", Size: 200000, Shown: 26},
		{Step: step(5, migrate.DirUp, "db/migrations/5_fifo.up.sql", 0), Omitted: "not a regular file: never read"},
	}
	applied := migrate.HistoryRow{ID: 2, Version: 2, Direction: migrate.DirUp, File: "db/migrations/2_users.up.sql", Checksum: strings.Repeat("a", 64),
		Commit: "0123456789abcdef", Actor: "<evil>|actor", RunURL: "https://github.com/o/r/actions/runs/9", Started: at, Ended: at.Add(1500 * time.Millisecond), Outcome: "ok", Command: "migrate"}
	killed := migrate.HistoryRow{ID: 3, Version: 3, Direction: migrate.DirUp, File: "db/migrations/3_x.up.sql", Actor: "octocat", RunURL: "javascript:alert(1)", Started: at.Add(time.Hour), Outcome: "started", Command: "migrate"}
	plan.History = &migrate.History{Table: "schemagate_history", Recent: []migrate.HistoryRow{killed, applied},
		Mismatches: []migrate.Mismatch{{Version: 2, File: "db/migrations/2_users.up.sql", Recorded: strings.Repeat("a", 64), Current: strings.Repeat("b", 64), Applied: applied}}}
	golden(t, "plan-safety", MigrateSummary(plan, nil))

	verify := &migrate.Result{Command: "verify", Engine: migrate.Postgres, MigrationsPath: "db/migrations", Connected: true, Latest: 2, HasLatest: true}
	verify.Before, verify.After = v(2, false), v(2, false)
	verify.History = plan.History
	if h := headline(verify, errors.New("1 applied migration(s) edited")); h != "applied migrations were edited" {
		t.Errorf("verify headline %q", h)
	}
	held := &migrate.Result{Command: "migrate", MigrationsPath: "db/migrations", HeldBack: true}
	if s := MigrateSummary(held, errors.New("migrate held back: outside every migration window")); !strings.HasPrefix(s, "## schemagate migrate: held back: outside every migration window\n") {
		t.Errorf("held-back summary:\n%s", s)
	}
}

// TestPlanSummaryShowsPendingSQL: a real plan's summary carries each
// pending file's SQL (golden), so the reviewer approving the migrate job
// sees what will run.
func TestPlanSummaryShowsPendingSQL(t *testing.T) {
	t.Parallel()
	url := dbtest.SQLite(t)
	dir := filepath.Join(t.TempDir(), "db", "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"1_users.up.sql":   "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
		"1_users.down.sql": "DROP TABLE users;\n",
		"2_email.up.sql":   "-- the email column, ```quoted```\nALTER TABLE users ADD COLUMN email TEXT;\n",
		"3_fence.up.sql":   "INSERT INTO users (id) VALUES (1); -- </details> <b>x</b>\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := migrate.Options{URL: url, Dir: dir, MigrationsPath: "db/migrations", LockTimeout: 10 * time.Second}
	o.History.Table = "schemagate_history"
	r, err := migrate.Plan(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan-pending-sql", MigrateSummary(r, nil))
}

// TestMigrateLockRetrySummary: each retry and the reason a lock timeout was
// not retried reach the summary (golden) and the log.
func TestMigrateLockRetrySummary(t *testing.T) {
	t.Parallel()
	r := &migrate.Result{Command: "migrate", Engine: migrate.Postgres, MigrationsPath: "db/migrations", Connected: true, Latest: 2, HasLatest: true}
	r.Before, r.After = v(1, false), v(2, false)
	st := step(2, migrate.DirUp, "db/migrations/2_alter.up.sql", 20)
	r.Applied = []migrate.Step{st}
	r.LockRetries = []migrate.LockRetry{{Step: st, Attempt: 1, Wait: time.Second, Reason: "canceling statement due to lock timeout"}}
	golden(t, "migrate-lock-retries", MigrateSummary(r, nil))

	mysql := &migrate.Result{Command: "migrate", Engine: migrate.MySQL, MigrationsPath: "db/migrations", Connected: true}
	mysql.Before, mysql.After = v(1, false), v(2, true)
	mysql.Failure = &migrate.Failure{Step: st, Reason: "Error 1205: Lock wait timeout exceeded"}
	one := 1
	mysql.Recovery = &migrate.Advice{DirtyVersion: 2, Known: true, Force: &one, Candidates: []int{1, 2}, Repair: true}
	mysql.LockRetryNote = "not retried: MySQL and MariaDB commit each DDL statement on its own"
	if s := MigrateSummary(mysql, errors.New("migration failed")); !strings.Contains(s, "### Lock timeouts\n\n- not retried: MySQL and MariaDB commit each DDL statement on its own\n") {
		t.Errorf("summary lacks the reason:\n%s", s)
	}
}

// TestPlanWarnsAboutEditedMigrations: plan logs a warning per edited
// migration; verify leaves it to its error.
func TestPlanWarnsAboutEditedMigrations(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"plan", "verify"} {
		var out bytes.Buffer
		env := map[string]string{"GITHUB_ACTIONS": "true"}
		s := NewSink(func(k string) string { return env[k] }, &out, &out)
		r := &migrate.Result{Command: cmd, Connected: true, History: &migrate.History{Table: "schemagate_history",
			Mismatches: []migrate.Mismatch{{Version: 2, File: "db/migrations/2_users.up.sql"}}}}
		MigrateAnnotate(s, r)
		warned := strings.Contains(out.String(), "::warning::db/migrations/2_users.up.sql was edited after it was applied (version 2")
		if warned != (cmd == "plan") {
			t.Errorf("%s: warned %t:\n%s", cmd, warned, out.String())
		}
	}
}

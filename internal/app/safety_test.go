package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/migrate"
)

func TestSQLLinterForStatementLockTimeout(t *testing.T) {
	t.Parallel()
	src := []byte("ALTER TABLE users ADD COLUMN email text;\n")
	has224 := func(cfg *config.Config) bool {
		lint, err := sqlLinter(cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := lint(context.Background(), "postgres", nil, []check.SQLFile{{Path: "m/2_x.up.sql", Src: src}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range got {
			if f.Rule == "SG224" {
				return true
			}
		}
		return false
	}
	if !has224(&config.Config{}) {
		t.Error("without statement-lock-timeout SG224 should fire")
	}
	if has224(&config.Config{StatementLockTimeout: 3 * time.Second}) {
		t.Error("with statement-lock-timeout SG224 should be met by the job")
	}
	// The config file's own setting wins over the job's.
	if !has224(&config.Config{StatementLockTimeout: 3 * time.Second, RuleSeverity: map[string]string{"SG224": "error"}}) {
		t.Error("rules: SG224: error in the config file should keep SG224 on")
	}
}

// TestMigrateRecordsRunIdentity: the history row of an in-process migrate
// (history-table at its default) carries GITHUB_SHA, GITHUB_ACTOR and the
// run URL; outside every window migrate exits 1 and says so.
func TestMigrateRecordsRunIdentity(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	dir := filepath.Join(ws, "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "1_a.up.sql"), []byte("CREATE TABLE a (id INTEGER);"), 0o644); err != nil {
		t.Fatal(err)
	}
	url := dbtest.SQLite(t)
	env := map[string]string{"GITHUB_WORKSPACE": ws, "INPUT_DATABASE-URL": url, "GITHUB_SHA": "deadbeef", "GITHUB_ACTOR": "octocat",
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "42"}

	closed := time.Weekday((int(time.Now().UTC().Weekday()) + 3) % 7).String()[:3] + " 00:00-00:01 UTC"
	env["INPUT_MIGRATION-WINDOWS"] = closed
	code, out, stderr := run(t, env, "migrate")
	if code != ExitFailed || !strings.Contains(out, "held back: outside every migration window") || !strings.Contains(stderr, "the next window opens") {
		t.Fatalf("outside the window: exit %d\n%s\n%s", code, out, stderr)
	}
	delete(env, "INPUT_MIGRATION-WINDOWS")

	if code, out, stderr := run(t, env, "migrate"); code != ExitOK {
		t.Fatalf("migrate: exit %d\n%s\n%s", code, out, stderr)
	}
	db, err := migrate.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	last, err := migrate.LastAttempt(t.Context(), db, "schemagate_history")
	if err != nil || last == nil {
		t.Fatalf("last attempt: %+v %v", last, err)
	}
	if last.Commit != "deadbeef" || last.Actor != "octocat" || last.RunURL != "https://github.com/o/r/actions/runs/42" || last.ToolVersion != Version || last.Outcome != "ok" {
		t.Errorf("row: %+v", last)
	}
	code, out, _ = run(t, env, "plan")
	if code != ExitOK || !strings.Contains(out, "### Last runs (schemagate\\_history)") || !strings.Contains(out, "| octocat | deadbee |") {
		t.Errorf("plan: exit %d\n%s", code, out)
	}
}

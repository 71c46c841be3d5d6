package app

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDriftScratchURLRedacted: the scratch database's password never
// appears in any output, also when connecting to it fails.
func TestDriftScratchURLRedacted(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	env := map[string]string{
		"GITHUB_WORKSPACE":           ws,
		"INPUT_SCRATCH-DATABASE-URL": "postgres://drift:hunter2-secret@127.0.0.1:1/scratch?sslmode=disable",
		"INPUT_DATABASE-URL":         "sqlite://" + filepath.ToSlash(filepath.Join(ws, "live.db")),
		"INPUT_SQL-DIALECT":          "sqlite",
		"INPUT_MIGRATIONS-PATH":      "migrations",
	}
	code, out, errOut := run(t, env, "drift")
	if code == ExitOK {
		t.Fatalf("drift passed with an unreachable scratch database:\n%s%s", out, errOut)
	}
	if strings.Contains(out+errOut, "hunter2") {
		t.Errorf("password leaked:\n%s%s", out, errOut)
	}
	if !strings.Contains(out, "## schemagate drift: not compared") {
		t.Errorf("summary:\n%s", out)
	}
}

// TestRehearseNeedsADatabase: no database-url outside SQLite is bad
// input, found before anything else runs.
func TestRehearseNeedsADatabase(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	code, out, errOut := run(t, map[string]string{"GITHUB_WORKSPACE": ws}, "rehearse", "--base-ref", "HEAD")
	if code != ExitConfig || !strings.Contains(errOut, "input database-url: is empty") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
}

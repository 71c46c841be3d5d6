package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckWritesSARIF: sarif-file gets every finding, relative to the
// workspace, with the SQL rules described too; a path that cannot be
// written fails the run after the report.
func TestCheckWritesSARIF(t *testing.T) {
	t.Parallel()
	dir, git := gitRepo(t)
	if err := os.MkdirAll(filepath.Join(dir, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "migrations", "000001_a.up.sql"), []byte("DROP TABLE users;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "drop")

	env := map[string]string{"GITHUB_WORKSPACE": dir}
	code, out, errOut := run(t, env, "check", "--base-ref", "HEAD~1", "--sarif-file", "out/schemagate.sarif")
	if code != ExitFailed {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "schemagate.sarif"))
	if err != nil {
		t.Fatalf("no SARIF file: %v\n%s%s", err, out, errOut)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
					}
				}
			}
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = r.ShortDescription.Text
	}
	if !strings.Contains(rules["SG201"], "DROP TABLE") || !strings.Contains(rules["SG105"], "down file") {
		t.Errorf("rules %v: want SG201 and SG105 described", rules)
	}
	if len(log.Runs[0].Results) < 2 {
		t.Errorf("results %v", log.Runs[0].Results)
	}

	// A directory in the way: the report is still printed, and the run fails.
	if err := os.MkdirAll(filepath.Join(dir, "blocked", "x.sarif"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, env, "check", "--base-ref", "HEAD~1", "--sarif-file", "blocked/x.sarif")
	if code != ExitConfig || !strings.Contains(errOut, "input sarif-file") {
		t.Errorf("sarif-file onto a directory: exit %d\n%s%s", code, out, errOut)
	}
	// A file where its directory should be: the report still comes, and the
	// run fails (exit 1) saying why.
	if err := os.WriteFile(filepath.Join(dir, "plain"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, env, "check", "--base-ref", "HEAD~1", "--sarif-file", "plain/x.sarif")
	if code != ExitFailed || !strings.Contains(errOut, "sarif-file") || !strings.Contains(out, "error SG201") {
		t.Errorf("unwritable sarif-file: exit %d\n%s%s", code, out, errOut)
	}
}

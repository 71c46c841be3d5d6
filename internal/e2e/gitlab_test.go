package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckGitLabMergeRequest runs check as the GitLab template does: no
// flags, only GitLab's predefined variables, on a real repository. The
// range comes from CI_MERGE_REQUEST_DIFF_BASE_SHA..CI_COMMIT_SHA, so a
// mixed merge request fails and a schema-only one passes.
func TestCheckGitLabMergeRequest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git := func(args ...string) string { return gitIn(t, dir, args...) }
	write := func(name, body string) {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("migrations/000001_init.up.sql", "CREATE TABLE a (id int);\n")
	write("migrations/000001_init.down.sql", "DROP TABLE a;\n")
	write("app/main.go", "package main\n")
	git("add", "-A")
	git("commit", "-qm", "init")
	base := git("rev-parse", "HEAD")
	write("migrations/000002_b.up.sql", "CREATE TABLE b (id int);\n")
	write("migrations/000002_b.down.sql", "DROP TABLE b;\n")
	git("add", "-A")
	git("commit", "-qm", "schema")
	schemaOnly := git("rev-parse", "HEAD")
	write("app/main.go", "package main\n\nfunc main() {}\n")
	git("add", "-A")
	git("commit", "-qm", "code")
	mixed := git("rev-parse", "HEAD")

	gitlab := func(head string) map[string]string {
		return map[string]string{
			"GITLAB_CI": "true", "CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event",
			"CI_MERGE_REQUEST_IID": "7", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head,
		}
	}
	res := RunCLI(t, dir, gitlab(mixed), "check", "--sql-dialect", "none")
	if res.Code != 1 || !strings.Contains(res.Stdout+res.Stderr, "mixed") || !strings.Contains(res.Stdout, "merge request !7") {
		t.Errorf("mixed merge request: exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
	res = RunCLI(t, dir, gitlab(schemaOnly), "check", "--sql-dialect", "none")
	if res.Code != 0 || !strings.Contains(res.Stdout, "schema") {
		t.Errorf("schema-only merge request: exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
	// A branch pipeline's push range (CI_COMMIT_BEFORE_SHA..CI_COMMIT_SHA).
	res = RunCLI(t, dir, map[string]string{"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": schemaOnly, "CI_COMMIT_SHA": mixed}, "check")
	if res.Code != 0 || !strings.Contains(res.Stdout, "code") {
		t.Errorf("code-only push: exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
	// Outside a merge request and with no push range, base-ref is still required.
	res = RunCLI(t, dir, map[string]string{"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": "0000000000000000000000000000000000000000", "CI_COMMIT_SHA": mixed}, "check")
	if res.Code != 2 || !strings.Contains(res.Stderr, "base-ref") {
		t.Errorf("new branch: exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
}

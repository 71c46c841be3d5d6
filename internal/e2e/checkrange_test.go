package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitIn runs git in dir with a fixed identity and fails the test on error.
func gitIn(t testing.TB, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git CLI not installed: needed to build fixture repositories")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commitFiles writes files ("path=body"; a bare "path" gets a default
// body) and commits them.
func commitFiles(t *testing.T, dir string, files ...string) string {
	t.Helper()
	for _, f := range files {
		name, body, ok := strings.Cut(f, "=")
		if !ok {
			body = "-- " + f + "\nSELECT 1;"
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-qm", "c")
	return gitIn(t, dir, "rev-parse", "HEAD")
}

func TestCheckOutsideGitWorkTree(t *testing.T) {
	t.Parallel()
	dir := workspace(t, "migrations/000001_a.up.sql")
	res := RunCLI(t, dir, nil, "check", "--base-ref", "main")
	if res.Code != 2 || !strings.Contains(res.Stderr, "not a git work tree") || !strings.Contains(res.Stderr, "actions/checkout") {
		t.Errorf("exit %d, want 2 saying the workspace is not a git work tree\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

func TestCheckMigrationsPathMatchesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	base := commitFiles(t, dir, "services/api/db/migrations/000001_init.up.sql", "services/api/db/migrations/000001_init.down.sql")
	commitFiles(t, dir, "services/api/db/migrations/000002_orders.up.sql", "services/api/main.go")
	res := RunCLI(t, dir, nil, "check", "--base-ref", base, "--migrations-path", "db/migration")
	if res.Code != 2 || !strings.Contains(res.Stderr, "input migrations-path") || !strings.Contains(res.Stderr, "did you mean services/api/db/migrations?") {
		t.Errorf("exit %d, want 2 naming migrations-path and suggesting services/api/db/migrations\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

// TestCheckPushDefaultCheckout: a push checked on actions/checkout's
// default depth-1 clone fetches the before commit and gives the verdict.
func TestCheckPushDefaultCheckout(t *testing.T) {
	t.Parallel()
	work, bare := t.TempDir(), t.TempDir()
	gitIn(t, work, "init", "-q", "-b", "main")
	gitIn(t, bare, "init", "-q", "--bare", "-b", "main")
	gitIn(t, bare, "config", "uploadpack.allowReachableSHA1InWant", "true")
	before := commitFiles(t, work, "migrations/000001_init.up.sql", "migrations/000001_init.down.sql", "app/main.go")
	commitFiles(t, work, "app/a.go")
	after := commitFiles(t, work, "migrations/000002_b.up.sql", "migrations/000002_b.down.sql")
	gitIn(t, work, "push", "-q", bare, "main")
	clone := t.TempDir()
	gitIn(t, clone, "clone", "-q", "--depth", "1", "file://"+bare, ".")

	payload := map[string]any{"before": before, "after": after, "repository": map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"}}
	res := RunAction(t, Action{Dir: clone, Event: "push", Payload: payload})
	if res.Code != 1 || res.Outputs["change-kind"] != "mixed" {
		t.Errorf("exit %d change-kind %q, want 1 and mixed (app/a.go and migration 2)\n%s%s", res.Code, res.Outputs["change-kind"], res.Stdout, res.Stderr)
	}
}

// TestReadmeWorkflowsUseDefaultDepth: no workflow in the README or a docs
// page asks for the whole history; check works on actions/checkout's
// default depth.
func TestReadmeWorkflowsUseDefaultDepth(t *testing.T) {
	t.Parallel()
	total := 0
	for _, page := range docPages(t) {
		md, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		blocks := strings.Split(string(md), "```yaml")
		total += len(blocks) - 1
		for i, b := range blocks[1:] {
			block, _, _ := strings.Cut(b, "```")
			if strings.Contains(block, "fetch-depth:") {
				t.Errorf("%s yaml block %d sets fetch-depth; the default depth is enough:\n%s", docName(page), i+1, block)
			}
		}
	}
	if total < 10 {
		t.Errorf("found %d yaml blocks in the README and docs, want at least 10", total)
	}
}

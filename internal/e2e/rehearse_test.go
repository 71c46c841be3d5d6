package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// gitFixture is a git repository in a temp dir: commit writes files
// ("path=body") and commits, returning the SHA.
type gitFixture struct {
	t   *testing.T
	dir string
}

func newGitFixture(t *testing.T) *gitFixture {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git CLI not installed: needed to build fixture repositories")
	}
	g := &gitFixture{t: t, dir: t.TempDir()}
	g.git("init", "-q", "-b", "main")
	return g
}

func (g *gitFixture) git(args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = g.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e", "GIT_CONFIG_NOSYSTEM=1", "HOME="+g.dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (g *gitFixture) commit(msg string, files ...string) string {
	g.t.Helper()
	for _, f := range files {
		name, body, _ := strings.Cut(f, "=")
		p := filepath.Join(g.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			g.t.Fatal(err)
		}
	}
	g.git("add", "-A")
	g.git("commit", "-q", "-m", msg)
	return g.git("rev-parse", "HEAD")
}

// rehearsalPR is a repository whose main has the orders table and whose
// pull request adds migration 2 (up, down); it returns the workspace (at
// the head) and the pull_request payload.
func rehearsalPR(t *testing.T, up, down string) (string, map[string]any) {
	g := newGitFixture(t)
	base := g.commit("base",
		"migrations/1_orders.up.sql=CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT, code VARCHAR(20) NOT NULL);\n",
		"migrations/1_orders.down.sql=DROP TABLE orders;\n")
	g.git("checkout", "-q", "-b", "feature")
	head := g.commit("change", "migrations/2_change.up.sql="+up, "migrations/2_change.down.sql="+down)
	payload := prPayload()
	pr := payload["pull_request"].(map[string]any)
	pr["base"] = map[string]any{"ref": "main", "sha": base}
	pr["head"] = map[string]any{"ref": "feature", "sha": head}
	return g.dir, payload
}

// TestRehearseE2E: the rehearse command on a pull request, as the runner
// starts it: a passing SQLite rehearsal in a temporary file, a failing one
// on PostgreSQL, a database that is not empty.
func TestRehearseE2E(t *testing.T) {
	t.Parallel()
	t.Run("sqlite temporary file passes", func(t *testing.T) {
		t.Parallel()
		dir, payload := rehearsalPR(t, "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n", "DROP TABLE regions;\n")
		res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: payload, Env: map[string]string{"RUNNER_TEMP": t.TempDir()},
			Inputs: map[string]string{"command": "rehearse", "sql-dialect": "sqlite", "rehearse-rows": "100"}})
		if res.Code != 0 {
			t.Fatalf("exit %d\n%s%s\n%s", res.Code, res.Stdout, res.Stderr, res.Summary)
		}
		var steps []map[string]any
		if err := json.Unmarshal([]byte(res.Outputs["rehearsal"]), &steps); err != nil {
			t.Fatalf("rehearsal output %q: %v", res.Outputs["rehearsal"], err)
		}
		var dirs []string
		for _, s := range steps {
			dirs = append(dirs, s["direction"].(string))
			if _, ok := s["duration-ms"].(float64); !ok || s["ok"] != true {
				t.Errorf("step %v", s)
			}
		}
		if strings.Join(dirs, " ") != "base rows up down up" {
			t.Errorf("steps %v", dirs)
		}
		if res.Outputs["schema-diff"] != `[{"object":"table","name":"regions","change":"added","detail":"2 columns: id, name"}]` {
			t.Errorf("schema-diff %s", res.Outputs["schema-diff"])
		}
		if !strings.Contains(res.Summary, "## schemagate rehearse: passed") || !strings.Contains(res.Summary, "table `regions` **added**") {
			t.Errorf("summary:\n%s", res.Summary)
		}
	})
	t.Run("postgres fails on the generated rows", func(t *testing.T) {
		t.Parallel()
		url := dbtest.Postgres(t)
		dir, payload := rehearsalPR(t, "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n", "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;\n")
		res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: payload,
			Inputs: map[string]string{"command": "rehearse", "database-url": url}})
		if res.Code != 1 {
			t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
		}
		for _, want := range []string{"failed at `migrations/2_change.up.sql` line 1", "contains null values", "on table orders with 1000 rows, 100 of them NULL in note"} {
			if !strings.Contains(res.Summary, want) {
				t.Errorf("summary lacks %q:\n%s", want, res.Summary)
			}
		}
		if !strings.Contains(res.Stdout, "::error file=migrations/2_change.up.sql,line=1") {
			t.Errorf("no annotation on the file and line:\n%s", res.Stdout)
		}
		for _, line := range strings.Split(res.Stdout+res.Stderr+res.Summary, "\n") {
			if strings.Contains(line, url) && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("the database URL leaked: %s", line)
			}
		}
	})
	t.Run("a database with tables is refused", func(t *testing.T) {
		t.Parallel()
		url := dbtest.SQLite(t)
		if _, err := dbtest.Open(t, url).Exec("CREATE TABLE customers (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		dir, payload := rehearsalPR(t, "SELECT 1;\n", "SELECT 1;\n")
		res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: payload,
			Inputs: map[string]string{"command": "rehearse", "database-url": url, "sql-dialect": "sqlite"}})
		if res.Code != 2 || !strings.Contains(res.Stdout, "is not empty (it holds customers)") {
			t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
		}
	})
}

// TestDriftE2E: a scheduled drift run on SQLite: none after migrating,
// then a hand-made column.
func TestDriftE2E(t *testing.T) {
	t.Parallel()
	dir := workspace(t, mgFiles...)
	live := dbtest.SQLite(t)
	if r := mgRun(t, dir, live, map[string]string{"command": "migrate"}); r.Code != 0 {
		t.Fatalf("migrate: %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
	drift := func() Result {
		return RunAction(t, Action{Dir: dir, Event: "schedule", Payload: map[string]any{}, Env: map[string]string{"RUNNER_TEMP": t.TempDir()},
			Inputs: map[string]string{"command": "drift", "database-url": live, "migrations-path": "db/migrations", "sql-dialect": "sqlite"}})
	}
	if r := drift(); r.Code != 0 || r.Outputs["drift"] != "false" || r.Outputs["schema-diff"] != "[]" {
		t.Fatalf("drift right after migrating: exit %d %v\n%s%s", r.Code, r.Outputs, r.Stdout, r.Stderr)
	}
	if _, err := dbtest.Open(t, live).Exec("ALTER TABLE users ADD COLUMN nickname TEXT"); err != nil {
		t.Fatal(err)
	}
	r := drift()
	if r.Code != 1 || r.Outputs["drift"] != "true" || !strings.Contains(r.Summary, "column `users.nickname` **added**") {
		t.Fatalf("exit %d %v\n%s\n%s", r.Code, r.Outputs, r.Stdout, r.Summary)
	}
}

// TestRehearseComment: comment: true posts the rehearsal as its own sticky
// comment (apart from check's) and updates it on a re-run.
func TestRehearseComment(t *testing.T) {
	t.Parallel()
	gh, srv := newFakeGitHub(t, nil, nil)
	dir, payload := rehearsalPR(t, "CREATE TABLE regions (id INTEGER PRIMARY KEY);\n", "DROP TABLE regions;\n")
	for run := 1; run <= 2; run++ {
		res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: payload, Token: "t",
			Env:    map[string]string{"GITHUB_API_URL": srv.URL, "RUNNER_TEMP": t.TempDir()},
			Inputs: map[string]string{"command": "rehearse", "sql-dialect": "sqlite", "rehearse-rows": "10", "comment": "true"}})
		if res.Code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", run, res.Code, res.Stdout, res.Stderr)
		}
		bodies := gh.commentBodies()
		if len(bodies) != 1 || !strings.HasPrefix(bodies[0], "<!-- schemagate:rehearse -->\n## schemagate rehearse: passed") {
			t.Fatalf("run %d: comments %q", run, bodies)
		}
	}
}

// TestRehearseShallowClone: without the base commit the rehearsal is bad
// input naming the fix (fetch-depth: 0), not a token problem.
func TestRehearseShallowClone(t *testing.T) {
	t.Parallel()
	dir, payload := rehearsalPR(t, "SELECT 1;\n", "SELECT 1;\n")
	pr := payload["pull_request"].(map[string]any)
	pr["base"] = map[string]any{"ref": "main", "sha": strings.Repeat("c", 40)}
	shallow := newGitFixture(t)
	shallow.git("clone", "-q", "--depth", "1", "file://"+dir, "ws")
	res := RunAction(t, Action{Dir: filepath.Join(shallow.dir, "ws"), Event: "pull_request", Payload: payload,
		Inputs: map[string]string{"command": "rehearse", "sql-dialect": "sqlite"}})
	if res.Code != 2 || !strings.Contains(res.Stdout, "fetch-depth: 0") || strings.Contains(res.Stdout, "github-token") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

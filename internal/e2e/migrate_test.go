package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// mgFiles are three portable migrations logging into applied_log.
var mgFiles = []string{
	"db/migrations/1_create_log.up.sql=CREATE TABLE applied_log (v INTEGER NOT NULL);\nINSERT INTO applied_log (v) VALUES (1);\n",
	"db/migrations/1_create_log.down.sql=DROP TABLE applied_log;\n",
	"db/migrations/2_add_users.up.sql=CREATE TABLE users (id INTEGER PRIMARY KEY);\nINSERT INTO applied_log (v) VALUES (2);\n",
	"db/migrations/2_add_users.down.sql=DROP TABLE users;\nDELETE FROM applied_log WHERE v = 2;\n",
	"db/migrations/3_add_orders.up.sql=CREATE TABLE orders (id INTEGER PRIMARY KEY);\nINSERT INTO applied_log (v) VALUES (3);\n",
	"db/migrations/3_add_orders.down.sql=DROP TABLE orders;\nDELETE FROM applied_log WHERE v = 3;\n",
}

func dispatchPayload() map[string]any {
	return map[string]any{
		"repository": map[string]any{"name": "shop", "full_name": "acme/shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"},
		"inputs":     map[string]any{"command": "migrate"},
	}
}

// mgRun runs a database command as a workflow_dispatch job on main.
func mgRun(t *testing.T, dir, dbURL string, inputs map[string]string) Result {
	t.Helper()
	in := map[string]string{"migrations-path": "db/migrations", "database-url": dbURL, "lock-timeout": "10s"}
	for k, v := range inputs {
		in[k] = v
	}
	return RunAction(t, Action{
		Dir: dir, Inputs: in, Event: "workflow_dispatch", Payload: dispatchPayload(),
		Env: map[string]string{"GITHUB_REF": "refs/heads/main"},
	})
}

func wantRun(t *testing.T, what string, r Result, code int, outputs map[string]string, summary ...string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", what, r.Code, code, r.Stdout, r.Stderr)
	}
	for k, v := range outputs {
		if got, ok := r.Outputs[k]; !ok || got != v {
			t.Errorf("%s: output %s = %q (set %v), want %q", what, k, got, ok, v)
		}
	}
	for _, s := range summary {
		if !strings.Contains(r.Summary, s) {
			t.Errorf("%s: summary lacks %q:\n%s", what, s, r.Summary)
		}
	}
}

// TestDatabaseCommandsE2E runs every command through the built binary as
// the runner does, on each engine.
func TestDatabaseCommandsE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, dbURL string) {
		dir := workspace(t, mgFiles...)

		r := mgRun(t, dir, dbURL, map[string]string{"command": "plan"})
		wantRun(t, "plan fresh", r, 0, map[string]string{
			"current-version": "", "dirty": "false", "pending-count": "3",
			"pending": `["db/migrations/1_create_log.up.sql","db/migrations/2_add_users.up.sql","db/migrations/3_add_orders.up.sql"]`,
		}, "## schemagate plan: 3 pending", "- `db/migrations/3_add_orders.up.sql`")
		if _, ok := r.Outputs["applied-count"]; ok {
			t.Error("plan must not set applied-count")
		}

		r = mgRun(t, dir, dbURL, map[string]string{"command": "verify"})
		wantRun(t, "verify fresh", r, 1, map[string]string{"pending-count": "3", "dirty": "false"},
			"deploy the schema first: 3 pending")

		r = mgRun(t, dir, dbURL, map[string]string{"command": "migrate", "target-version": "2"})
		wantRun(t, "migrate to 2", r, 0, map[string]string{
			"previous-version": "", "current-version": "2", "applied-count": "2", "pending-count": "1", "dirty": "false",
		}, "## schemagate migrate: applied 2", "| 1 | `db/migrations/1_create_log.up.sql` | up |")
		if !strings.Contains(r.Stdout, "::group::up db/migrations/1_create_log.up.sql (") ||
			!strings.Contains(r.Stdout, "::group::up db/migrations/2_add_users.up.sql (") {
			t.Errorf("each migration must log in its own group:\n%s", r.Stdout)
		}

		r = mgRun(t, dir, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "migrate", r, 0, map[string]string{"previous-version": "2", "current-version": "3", "applied-count": "1", "pending-count": "0"})
		r = mgRun(t, dir, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "migrate again", r, 0, map[string]string{"previous-version": "3", "current-version": "3", "applied-count": "0"}, "migrate: no change")

		r = mgRun(t, dir, dbURL, map[string]string{"command": "verify"})
		wantRun(t, "verify", r, 0, map[string]string{"current-version": "3", "pending-count": "0", "pending": "[]"}, "passed")

		r = mgRun(t, dir, dbURL, map[string]string{"command": "down", "steps": "2"})
		wantRun(t, "down 2", r, 0, map[string]string{"previous-version": "3", "current-version": "1", "applied-count": "2"}, "### Rolled back (2)")
		r = mgRun(t, dir, dbURL, map[string]string{"command": "migrate", "target-version": "0"})
		wantRun(t, "target not a version", r, 2, nil, "0 is not a version in db/migrations")

		// A database ahead of this commit: verify passes with a notice.
		must := mgRun(t, dir, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "migrate to 3", must, 0, map[string]string{"current-version": "3"})
		old := workspace(t, mgFiles[:4]...)
		r = mgRun(t, old, dbURL, map[string]string{"command": "verify"})
		wantRun(t, "verify ahead", r, 0, map[string]string{"current-version": "3", "pending-count": "0"}, "ahead")
		if !strings.Contains(r.Stdout, "::notice::database version 3 is ahead of db/migrations") {
			t.Errorf("ahead must be a notice:\n%s", r.Stdout)
		}

		// A failing migration: dirty, recovery steps, refusal, force.
		broken := workspace(t, append(append([]string{}, mgFiles...),
			"db/migrations/4_broken.up.sql=CREATE TABLE broken (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n",
			"db/migrations/4_broken.down.sql=DROP TABLE broken;\n")...)
		r = mgRun(t, broken, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "broken", r, 1, map[string]string{"previous-version": "3", "current-version": "4", "dirty": "true", "applied-count": "0"},
			"### Failed: `db/migrations/4_broken.up.sql`", "no_such_table", "### Recovery", "`command: force` and `version: 3`",
			"schemagate force --version 3 --migrations-path db/migrations")
		if !strings.Contains(r.Stdout, "::error file=db/migrations/4_broken.up.sql") {
			t.Errorf("no annotation on the failed file:\n%s", r.Stdout)
		}
		// The history table recorded the failed up of 4, so the refusal
		// gives the failing run's exact advice; without the table the
		// direction is not known, and it says so instead of guessing.
		r = mgRun(t, broken, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "dirty refusal", r, 1, map[string]string{"dirty": "true"}, "refused: the database is dirty", "`command: force` and `version: 3`")
		r = mgRun(t, broken, dbURL, map[string]string{"command": "migrate", "history-table": "none"})
		wantRun(t, "dirty refusal without history", r, 1, map[string]string{"dirty": "true"}, "refused: the database is dirty", "Not known yet: the schema matches version 3 or 4.", "`version: <version>`")
		r = mgRun(t, broken, dbURL, map[string]string{"command": "verify"})
		wantRun(t, "verify dirty", r, 1, map[string]string{"dirty": "true"}, "deploy the schema first")
		if eng.Name == "mariadb" { // DDL is not transactional: repair by hand
			if _, err := dbtest.Open(t, dbURL).Exec("DROP TABLE broken"); err != nil {
				t.Fatal(err)
			}
		}
		r = mgRun(t, broken, dbURL, map[string]string{"command": "force", "version": "3"})
		wantRun(t, "force", r, 0, map[string]string{"previous-version": "4", "current-version": "3", "dirty": "false"}, "version set to 3")
		r = mgRun(t, dir, dbURL, map[string]string{"command": "plan"})
		wantRun(t, "plan after force", r, 0, map[string]string{"current-version": "3", "dirty": "false", "pending-count": "0"})
	})
}

// TestGateE2E: migrate, down and force refuse on pull request and merge
// queue events and from refs outside allowed-refs, before touching the
// database; the CLI outside GitHub is not gated.
func TestGateE2E(t *testing.T) {
	t.Parallel()
	mergeGroup := map[string]any{
		"merge_group": map[string]any{"base_sha": strings.Repeat("a", 40), "head_sha": strings.Repeat("c", 40), "base_ref": "refs/heads/main", "head_ref": "refs/heads/gh-readonly-queue/main/pr-7"},
		"repository":  map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"},
	}
	tests := []struct {
		name, command, event, ref, allowed string
		payload                            any
		want                               string
	}{
		{"pull_request", "migrate", "pull_request", "refs/pull/7/merge", "", prPayload(), "never runs on pull_request events"},
		{"pull_request_target", "down", "pull_request_target", "refs/heads/main", "", prPayload(), "never runs on pull_request_target events"},
		{"merge_group", "force", "merge_group", "refs/heads/gh-readonly-queue/main/pr-7", "", mergeGroup, "never runs on merge_group events"},
		{"branch outside default", "migrate", "workflow_dispatch", "refs/heads/feature", "", dispatchPayload(), "ref refs/heads/feature is not in the default branch main"},
		{"tag outside default", "down", "push", "refs/tags/v1", "", map[string]any{"before": strings.Repeat("a", 40), "after": strings.Repeat("b", 40), "repository": map[string]any{"default_branch": "main"}}, "ref refs/tags/v1 is not in the default branch main"},
		{"outside allowed-refs", "force", "workflow_dispatch", "refs/heads/main", "release/*\nprod", dispatchPayload(), "ref refs/heads/main is not in allowed-refs (release/*, prod)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := workspace(t, mgFiles...)
			dbFile := filepath.Join(t.TempDir(), "gate.db")
			r := RunAction(t, Action{
				Dir: dir, Event: tt.event, Payload: tt.payload,
				Inputs: map[string]string{"command": tt.command, "migrations-path": "db/migrations", "database-url": "sqlite://" + dbFile, "version": "1", "allowed-refs": tt.allowed},
				Env:    map[string]string{"GITHUB_REF": tt.ref},
			})
			wantRun(t, tt.name, r, 2, nil, "refused", tt.want)
			if !strings.Contains(r.Stdout, "::error::command "+tt.command+" refused: ") {
				t.Errorf("no error line:\n%s", r.Stdout)
			}
			if _, err := os.Stat(dbFile); !os.IsNotExist(err) {
				t.Errorf("the refused run touched the database (%v)", err)
			}
		})
	}
	t.Run("allowed ref passes", func(t *testing.T) {
		t.Parallel()
		dir := workspace(t, mgFiles...)
		r := RunAction(t, Action{
			Dir: dir, Event: "workflow_dispatch", Payload: dispatchPayload(),
			Inputs: map[string]string{"command": "migrate", "migrations-path": "db/migrations", "database-url": dbtest.SQLite(t), "allowed-refs": "release/*"},
			Env:    map[string]string{"GITHUB_REF": "refs/heads/release/2024"},
		})
		wantRun(t, "allowed", r, 0, map[string]string{"current-version": "3"})
	})
	t.Run("plan on a pull request", func(t *testing.T) {
		t.Parallel()
		dir := workspace(t, mgFiles...)
		r := RunAction(t, Action{
			Dir: dir, Event: "pull_request", Payload: prPayload(),
			Inputs: map[string]string{"command": "plan", "migrations-path": "db/migrations", "database-url": dbtest.SQLite(t)},
			Env:    map[string]string{"GITHUB_REF": "refs/pull/7/merge"},
		})
		wantRun(t, "plan", r, 0, map[string]string{"pending-count": "3"})
	})
	t.Run("CLI is not gated", func(t *testing.T) {
		t.Parallel()
		dir := workspace(t, mgFiles...)
		r := RunCLI(t, dir, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/7/merge", "DATABASE_URL": dbtest.SQLite(t)},
			"migrate", "--migrations-path", "db/migrations")
		if r.Code != 0 || !strings.Contains(r.Stdout, "applied 3") {
			t.Fatalf("CLI migrate: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
		}
	})
}

// TestSecretsE2E: a wrong password, an unreachable host and malformed URLs
// whose passwords hold URL syntax fail with a clear message; the password
// appears nowhere in the output except in the ::add-mask:: line.
func TestSecretsE2E(t *testing.T) {
	t.Parallel()
	pgAdmin, err := url.Parse(dbtest.PostgresAdmin())
	if err != nil {
		t.Fatal(err)
	}
	pgHost := pgAdmin.Host
	const pw = "S3cr#t@pa:ss%w/rd"
	const pwMySQL = "Wr0ng#p@ss:w!rd" // the MySQL DSN parser cannot carry '/' or a bare '%'
	tests := []struct {
		name, url, password string
		code                int
		want                string
	}{
		{"postgres malformed", "postgres://app:" + pw + "@" + pgHost + "/test", pw, 2, "database-url"},
		{"postgres # in password", "postgres://app:#" + pwMySQL + "@" + pgHost + "/test", "#" + pwMySQL, 2, "database-url"},
		{"postgres unreachable", "postgres://app:" + url.QueryEscape(pw) + "@127.0.0.1:1/test?sslmode=disable", pw, 2, "cannot reach the server of database test on 127.0.0.1:1"},
		{"pgx5 unreachable", "pgx5://app:" + url.QueryEscape(pw) + "@127.0.0.1:1/test?sslmode=disable", pw, 2, "cannot reach the server"},
		{"postgres missing database", "postgres://postgres:" + url.QueryEscape(pw) + "@" + pgHost + "/no_such_db_sg?sslmode=disable", pw, 2, "does not exist"},
		{"mysql wrong password", "mysql://root:" + pwMySQL + "@tcp(127.0.0.1:3306)/test", pwMySQL, 2, "wrong user or password"},
		{"mysql malformed", "mysql://root:" + pw + "@tcp(127.0.0.1:3306)/test", pw, 2, "database-url"},
		{"unknown scheme", "oracle://app:" + url.QueryEscape(pw) + "@db/test", pw, 2, "unknown scheme \"oracle\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := workspace(t, mgFiles...)
			forms := []string{tt.password, url.QueryEscape(tt.password), url.PathEscape(tt.password)}
			check := func(where, text string, masked bool) {
				t.Helper()
				// Workflow commands escape '%', CR and LF.
				text = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n").Replace(text)
				for _, line := range strings.Split(text, "\n") {
					if masked && strings.HasPrefix(line, "::add-mask::") {
						continue
					}
					for _, f := range forms {
						if strings.Contains(line, f) {
							t.Errorf("%s leaks the password (%q) in line %q", where, f, line)
						}
					}
				}
			}
			r := mgRun(t, dir, tt.url, map[string]string{"command": "plan", "lock-timeout": "5s"})
			if r.Code != tt.code || !strings.Contains(r.Stdout, tt.want) {
				t.Errorf("action: exit %d (want %d), stdout lacks %q:\n%s\n%s", r.Code, tt.code, tt.want, r.Stdout, r.Stderr)
			}
			if !strings.Contains(r.Stdout, "::add-mask::"+strings.ReplaceAll(tt.password, "%", "%25")+"\n") {
				t.Errorf("the password is not masked:\n%s", r.Stdout)
			}
			check("action stdout", r.Stdout, true)
			check("action stderr", r.Stderr, false)
			check("summary", r.Summary, false)
			outs, _ := json.Marshal(r.Outputs)
			check("outputs", string(outs), false)

			c := RunCLI(t, dir, map[string]string{"DATABASE_URL": tt.url}, "migrate", "--migrations-path", "db/migrations", "--lock-timeout", "5s")
			if c.Code != tt.code || !strings.Contains(c.Stderr, tt.want) {
				t.Errorf("CLI: exit %d (want %d), stderr lacks %q:\n%s\n%s", c.Code, tt.code, tt.want, c.Stdout, c.Stderr)
			}
			check("CLI stdout", c.Stdout, false)
			check("CLI stderr", c.Stderr, false)
		})
	}
}

// startCLI starts the binary and returns it with a reader of its stdout.
func startCLI(t *testing.T, dir string, env map[string]string, args ...string) (*exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	cmd := cliCmd(t, dir, env, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, bufio.NewReader(out), &stderr
}

// readUntil reads lines until one contains s; it returns everything read.
func readUntil(t *testing.T, r *bufio.Reader, s string) string {
	t.Helper()
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		b.WriteString(line)
		if strings.Contains(line, s) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("output ended before %q:\n%s", s, b.String())
		}
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// slowFiles: migration 2 sleeps, so a signal or a second run lands inside it.
func slowFiles(sleep string) []string {
	return []string{
		"db/migrations/1_create_log.up.sql=CREATE TABLE applied_log (v INTEGER NOT NULL);\nINSERT INTO applied_log (v) VALUES (1);\n",
		"db/migrations/2_slow.up.sql=" + sleep + ";\nINSERT INTO applied_log (v) VALUES (2);\n",
		"db/migrations/3_after.up.sql=INSERT INTO applied_log (v) VALUES (3);\n",
	}
}

var slowSQL = map[string]string{"postgres": "SELECT pg_sleep(1.5)", "mariadb": "SELECT SLEEP(1.5)"}

// startInSlow starts the CLI's migrate on slowFiles against u, a database
// of eng (one of dbtest.Servers), and returns once migration 2 runs, with
// the workspace, the process, its stdout after that line and its stderr.
func startInSlow(t *testing.T, eng dbtest.Engine, u string) (string, *exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	dir := workspace(t, slowFiles(slowSQL[eng.Name])...)
	cmd, out, stderr := startCLI(t, dir, map[string]string{"DATABASE_URL": u}, "migrate", "--migrations-path", "db/migrations")
	readUntil(t, out, "running db/migrations/2_slow.up.sql")
	return dir, cmd, out, stderr
}

// TestCancelE2E sends SIGINT while migration 2 runs: 2 finishes, 3 never
// starts, the run exits 1 reporting what was applied, and the lock is free.
func TestCancelE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Servers, func(t *testing.T, eng dbtest.Engine, u string) {
		dir, cmd, out, stderr := startInSlow(t, eng, u)
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(out)
		code := exitCode(cmd.Wait())
		if code != 1 || !strings.Contains(stderr.String(), "cancelled: stopped after the migration in flight; 2 applied") {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, rest, stderr)
		}
		if !strings.Contains(string(rest), "| 2 | `db/migrations/2_slow.up.sql` | up |") || !strings.Contains(string(rest), "- `db/migrations/3_after.up.sql`") {
			t.Errorf("the report must list what was applied and what is pending:\n%s", rest)
		}
		if c := dbtest.AppliedLog(t, u); c[1] != 1 || c[2] != 1 || c[3] != 0 {
			t.Fatalf("applied_log = %v", c)
		}
		r := RunCLI(t, dir, map[string]string{"DATABASE_URL": u}, "migrate", "--migrations-path", "db/migrations", "--lock-timeout", "2s")
		if r.Code != 0 || !strings.Contains(r.Stdout, "applied 1") {
			t.Fatalf("after cancel: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
		}
	})
}

// TestConcurrentE2E: two migrate processes at once; the second waits
// lock-timeout, then fails clearly; each migration runs exactly once.
func TestConcurrentE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Servers, func(t *testing.T, eng dbtest.Engine, u string) {
		dir, first, out, _ := startInSlow(t, eng, u)
		start := time.Now()
		second := RunCLI(t, dir, map[string]string{"DATABASE_URL": u}, "migrate", "--migrations-path", "db/migrations", "--lock-timeout", "500ms")
		waited := time.Since(start)
		if second.Code != 1 || !strings.Contains(second.Stderr, "another migration run holds the migration lock") {
			t.Fatalf("second run: exit %d\n%s\n%s", second.Code, second.Stdout, second.Stderr)
		}
		t.Logf("%s: the second process gave up after %v (lock-timeout 500ms)", eng.Name, waited.Round(time.Millisecond))
		_, _ = io.ReadAll(out)
		if code := exitCode(first.Wait()); code != 0 {
			t.Fatalf("first run: exit %d", code)
		}
		if c := dbtest.AppliedLog(t, u); len(c) != 3 || c[1] != 1 || c[2] != 1 || c[3] != 1 {
			t.Fatalf("each migration must run once: %v", c)
		}
	})
}

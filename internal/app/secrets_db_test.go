package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestSecretParamsRealDB: on every engine, a secret query parameter that
// the connection accepts is masked before the first line and absent from
// every output of plan and of a failing migrate (whose driver messages and
// statement come through), in-process against the real servers.
func TestSecretParamsRealDB(t *testing.T) {
	t.Parallel()
	const secret = "Qp-S3cret-v4lue"
	params := map[string]string{
		"postgres": "&password=" + secret, // lib/pq refuses sslpassword (pgx takes it: see the e2e test)
		"mariadb":  "?x-auth-token=" + secret,
		"sqlite":   "?x-auth-token=" + secret,
	}
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, dbURL string) {
		ws := t.TempDir()
		dir := filepath.Join(ws, "migrations")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := "CREATE TABLE ok_one (id INTEGER);\nINSERT INTO missing_" + "table (id) VALUES (1);\n"
		if err := os.WriteFile(filepath.Join(dir, "1_f.up.sql"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []string{"plan", "migrate"} {
			out := filepath.Join(t.TempDir(), "out")
			sum := filepath.Join(t.TempDir(), "sum")
			env := map[string]string{
				"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws, "GITHUB_OUTPUT": out, "GITHUB_STEP_SUMMARY": sum,
				"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_REF": "refs/heads/main",
				"INPUT_DATABASE-URL": dbURL + params[eng.Name],
			}
			ev := filepath.Join(t.TempDir(), "event.json")
			if err := os.WriteFile(ev, []byte(`{"repository":{"default_branch":"main"}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			env["GITHUB_EVENT_PATH"] = ev
			code, stdout, stderr := run(t, env, cmd, "--lock-timeout", "10s")
			want := map[string]int{"plan": ExitOK, "migrate": ExitFailed}[cmd]
			if code != want {
				t.Fatalf("%s: exit %d, want %d\n%s\n%s", cmd, code, want, stdout, stderr)
			}
			if !strings.HasPrefix(stdout, "::add-mask::") || !strings.Contains(stdout, "::add-mask::"+secret+"\n") {
				t.Errorf("%s: %s not masked first:\n%s", cmd, secret, stdout)
			}
			o, _ := os.ReadFile(out)
			s, _ := os.ReadFile(sum)
			if cmd == "migrate" && !strings.Contains(string(s), "missing_table") {
				t.Errorf("the summary lacks the failure:\n%s", s)
			}
			for where, text := range map[string]string{"stdout": stdout, "stderr": stderr, "outputs": string(o), "summary": string(s)} {
				for _, line := range strings.Split(text, "\n") {
					if !strings.HasPrefix(line, "::add-mask::") && strings.Contains(line, secret) {
						t.Errorf("%s %s leaks the secret: %q", cmd, where, line)
					}
				}
			}
		}
	})
}

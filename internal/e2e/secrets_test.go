package e2e

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// noSecret fails when any form of a secret is in any output of r: stdout
// (but for its ::add-mask:: lines), stderr, the summary and the outputs.
func noSecret(t *testing.T, what string, r Result, secrets ...string) {
	t.Helper()
	var forms []string
	for _, s := range secrets {
		forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s))
	}
	outs, _ := json.Marshal(r.Outputs)
	for where, text := range map[string]string{"stdout": r.Stdout, "stderr": r.Stderr, "summary": r.Summary, "outputs": string(outs)} {
		// Workflow commands escape '%', CR and LF.
		text = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n").Replace(text)
		for _, line := range strings.Split(text, "\n") {
			if where == "stdout" && strings.HasPrefix(line, "::add-mask::") {
				continue
			}
			for _, f := range forms {
				if strings.Contains(line, f) {
					t.Errorf("%s: %s leaks %q in %q", what, where, f, line)
				}
			}
		}
	}
}

// wantMasked fails unless secret is masked before any other line.
func wantMasked(t *testing.T, what string, r Result, secret string) {
	t.Helper()
	for _, line := range strings.Split(r.Stdout, "\n") {
		if line == "::add-mask::"+strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(secret) {
			return
		}
		if !strings.HasPrefix(line, "::add-mask::") {
			break
		}
	}
	t.Errorf("%s: %q is not masked before the first other line:\n%s", what, secret, r.Stdout)
}

// TestSecretParamsE2E (issue 9 point 1): a secret in a query parameter is
// masked and redacted everywhere, also where the driver's own message
// quotes the connection string (pgx: "cannot parse `...password=...`").
func TestSecretParamsE2E(t *testing.T) {
	t.Parallel()
	const secret = "S3cret-Qp4ram"
	pg, err := url.Parse(dbtest.PostgresAdmin())
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tests := []struct {
		name, url, want, secret string
	}{
		{"pgx5 bad sslmode", "pgx5://postgres@" + pg.Host + "/test?sslmode=bogus&password=" + secret, "sslmode", secret},
		{"postgres bad sslmode", "postgres://postgres@" + pg.Host + "/test?sslmode=bogus&password=" + secret, "sslmode", secret},
		{"pgx5 sslpassword encoded", "pgx5://postgres@" + pg.Host + "/test?sslmode=bogus&sslpassword=" + url.QueryEscape(secret+"/x"), "sslmode", secret + "/x"},
		{"mariadb token parameter", "mysql://root:wrong-" + secret + "@tcp(127.0.0.1:3306)/test?x-auth-token=" + secret, "wrong user or password", secret},
		{"sqlite auth parameter", "sqlite://" + filepath.ToSlash(filepath.Join(tmp, "no", "such", "dir", "x.db")) + "?_auth_pass=" + secret, "SQLite database", secret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := workspace(t, mgFiles...)
			for _, cmd := range []string{"plan", "migrate"} {
				r := mgRun(t, dir, tt.url, map[string]string{"command": cmd, "lock-timeout": "5s"})
				if r.Code != 2 || !strings.Contains(r.Stdout+r.Summary, tt.want) {
					t.Errorf("%s: exit %d (want 2), no %q:\n%s\n%s", cmd, r.Code, tt.want, r.Stdout, r.Summary)
				}
				wantMasked(t, cmd, r, tt.secret)
				noSecret(t, cmd, r, tt.secret)
			}
			c := RunCLI(t, dir, map[string]string{"DATABASE_URL": tt.url}, "plan", "--migrations-path", "db/migrations", "--lock-timeout", "5s")
			if c.Code != 2 {
				t.Errorf("CLI: exit %d\n%s", c.Code, c.Stderr)
			}
			noSecret(t, "CLI", c, tt.secret)
		})
	}
}

// TestMisreadURLE2E (issue 9 point 2): a URL that parses, but not as
// meant, is refused with exit 2 and the way to encode it; no piece of the
// password appears anywhere.
func TestMisreadURLE2E(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(dbtest.PostgresAdmin())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, url string
		pieces    []string
	}{
		{"postgres slash and question mark", "postgres://app:2024/Spring?x=1@" + pg.Host + "/test", []string{"2024", "Spring", "x=1", "2024/Spring?x=1"}},
		{"pgx5 slash", "pgx5://app:7788/Aut.umn@" + pg.Host + "/test", []string{"7788", "Aut.umn"}},
		{"mariadb question mark", "mysql://root:Wi?nter99@tcp(127.0.0.1:3306)/test", []string{"Wi?nter99", "nter99"}},
		{"mariadb plus", "mysql://root:Su+mmer77@tcp(127.0.0.1:3306)/test", []string{"Su+mmer77", "mmer77"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := workspace(t, mgFiles...)
			r := mgRun(t, dir, tt.url, map[string]string{"command": "migrate", "lock-timeout": "5s"})
			if r.Code != 2 || !strings.Contains(r.Stdout, "does not read as one URL") || !strings.Contains(r.Stdout, "Percent-encode") {
				t.Errorf("exit %d, want 2 with the fix:\n%s", r.Code, r.Stdout)
			}
			noSecret(t, "action", r, tt.pieces...)
			c := RunCLI(t, dir, map[string]string{"DATABASE_URL": tt.url}, "plan", "--migrations-path", "db/migrations")
			if c.Code != 2 {
				t.Errorf("CLI: exit %d", c.Code)
			}
			noSecret(t, "CLI", c, tt.pieces...)
		})
	}
}

// TestUsageSecretsE2E (issue 9 point 3): a URL or a token typed as an
// argument is never echoed by the usage error.
func TestUsageSecretsE2E(t *testing.T) {
	t.Parallel()
	const pw = "Usage-Pw0rd"
	const tok = "ghp_Usage0123456789abcdef"
	dir := workspace(t, mgFiles...)
	for _, args := range [][]string{
		{"plan", "postgres://app:" + pw + "@127.0.0.1:1/test"},
		{tok},
		{"migrate", "--migrations-path", "db/migrations", "mysql://root:" + pw + "@tcp(127.0.0.1:3306)/test"},
		{"plan", "--steps", "postgres://app:" + pw + "@127.0.0.1:1/test"},
	} {
		c := RunCLI(t, dir, nil, args...)
		if c.Code != 2 {
			t.Errorf("%d args: exit %d\n%s", len(args), c.Code, c.Stderr)
		}
		noSecret(t, "CLI", c, pw, tok)
	}
}

// TestFailureE2E (issue 9 points 4 and 9): on every engine a failing
// migration whose title holds a CR and a workflow command names its failing
// statement and line, says the engine's words once, and no output line
// becomes a workflow command.
func TestFailureE2E(t *testing.T) {
	t.Parallel()
	const name = "db/migrations/4_x\r::error::pwned.up.sql"
	failing := name + "=-- two good statements, then a bad one\nCREATE TABLE four (id INTEGER);\nINSERT INTO four (id) VALUES (1);\nINSERT INTO no_such_table (x) VALUES (1);\nCREATE TABLE never (id INTEGER);\n"
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, dbURL string) {
		dir := workspace(t, append(append([]string(nil), mgFiles...), failing)...)
		r := mgRun(t, dir, dbURL, map[string]string{"command": "migrate"})
		wantRun(t, "migrate", r, 1, map[string]string{"current-version": "4", "dirty": "true"},
			"Failing statement (line 4)", "INSERT INTO no_such_table (x) VALUES (1);")
		if strings.Contains(r.Summary, "CREATE TABLE four") {
			t.Errorf("the summary shows the whole file, not the failing statement:\n%s", r.Summary)
		}
		for where, text := range map[string]string{"stdout": r.Stdout, "stderr": r.Stderr, "summary": r.Summary} {
			if i := strings.Index(text, "\r"); i >= 0 {
				t.Errorf("%s holds a raw CR: %q", where, text[max(0, i-200):min(len(text), i+100)])
			}
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(strings.TrimLeft(line, " \t"), "::error::pwned") {
					t.Errorf("%s: injected workflow command %q", where, line)
				}
			}
		}
		if n := strings.Count("\n"+r.Stdout, "\n::error"); n != 1 {
			t.Errorf("%d error annotations, want 1:\n%s", n, r.Stdout)
		}
		if !strings.Contains(r.Stdout, "line=4") {
			t.Errorf("the annotation is not on line 4:\n%s", r.Stdout)
		}
		if strings.Contains(r.Stdout+r.Summary, "migration failed: migration failed") {
			t.Errorf("the error text repeats:\n%s\n%s", r.Stdout, r.Summary)
		}
		// The engine's words, once in the summary.
		words := map[string]string{"postgres": `relation "no_such_table" does not exist`, "mariadb": "no_such_table' doesn't exist", "sqlite": "no such table: no_such_table"}[eng.Name]
		if n := strings.Count(r.Summary, words); n != 1 {
			t.Errorf("the summary holds %q %d times:\n%s", words, n, r.Summary)
		}
	})
}

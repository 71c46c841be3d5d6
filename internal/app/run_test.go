package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/config"
)

// run calls Run in-process with a map-backed environment.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "--help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, in := range config.Inputs {
		if !strings.Contains(out, "--"+in.Name) {
			t.Errorf("--help does not list --%s", in.Name)
		}
	}
	if code, out, _ := run(t, nil, "--version"); code != ExitOK || out != "schemagate dev\n" {
		t.Errorf("--version: %d %q", code, out)
	}
}

func TestUsageAndInputErrors(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"unknown command", nil, []string{"deploy"}, []string{`unknown command "deploy"`}},
		{"unknown flag", nil, []string{"check", "--migration-path", "x"}, []string{"unknown flag --migration-path"}},
		{"flag without value", nil, []string{"check", "--base-ref"}, []string{"flag --base-ref needs a value"}},
		{"every bad input at once", map[string]string{"INPUT_STEPS": "0", "INPUT_LOCK-TIMEOUT": "soon"}, []string{"down"},
			[]string{"input steps:", "input lock-timeout:"}},
		{"check without a range", nil, []string{"check"}, []string{"input base-ref: is required outside GitHub"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"GITHUB_WORKSPACE": ws}
			for k, v := range tt.env {
				env[k] = v
			}
			code, out, errOut := run(t, env, tt.args...)
			if code != ExitConfig {
				t.Errorf("exit %d, want %d", code, ExitConfig)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, "error: ") || !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(out, "::") {
				t.Errorf("workflow commands outside GitHub:\n%s", out)
			}
		})
	}
}

// TestUnwritableOutputFile: the runner's GITHUB_OUTPUT pointing nowhere is a
// clear failure, not the library's panic.
func TestUnwritableOutputFile(t *testing.T) {
	t.Parallel()
	dir, git := gitRepo(t)
	// A migrations directory to check: one that matches nothing is exit 2.
	if err := os.MkdirAll(filepath.Join(dir, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "migrations", "1_a.up.sql"), []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "migrations")
	env := map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    dir,
		"GITHUB_OUTPUT":       filepath.Join(dir, "no", "such", "dir", "output"),
		"INPUT_BASE-REF":      "HEAD",
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md"),
	}
	code, out, _ := run(t, env)
	if code != ExitFailed || !strings.Contains(out, "::error::write output change-kind to GITHUB_OUTPUT") {
		t.Errorf("exit %d\n%s", code, out)
	}
	// The summary still comes, saying what failed above the report.
	if b, err := os.ReadFile(filepath.Join(dir, "summary.md")); err != nil || !strings.HasPrefix(string(b), "## ❌ schemagate check: could not run") ||
		!strings.Contains(string(b), "write output change\\-kind to GITHUB\\_OUTPUT") || !strings.Contains(string(b), "schemagate check: none change set") {
		t.Errorf("summary (%v):\n%s", err, b)
	}
}

// TestSecretsMaskedFirst: on a runner the database URL and the token are
// masked before any other line, and never appear elsewhere.
func TestSecretsMaskedFirst(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"GITHUB_ACTIONS":     "true",
		"GITHUB_WORKSPACE":   t.TempDir(),
		"INPUT_COMMAND":      "nope",
		"INPUT_DATABASE-URL": "postgres://app:pa55word@db:5432/shop",
		"INPUT_GITHUB-TOKEN": "ghs_abcdef",
	}
	code, out, errOut := run(t, env)
	if code != ExitConfig {
		t.Fatalf("exit %d", code)
	}
	var rest []string
	masking := true
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "::add-mask::") {
			if !masking {
				t.Errorf("mask line %q after other output", line)
			}
			continue
		}
		masking = false
		rest = append(rest, line)
	}
	if !strings.Contains(out, "::add-mask::pa55word\n") || !strings.Contains(out, "::add-mask::ghs_abcdef\n") {
		t.Errorf("password or token not masked:\n%s", out)
	}
	restText := strings.Join(rest, "\n") + errOut
	for _, s := range []string{"pa55word", "ghs_abcdef"} {
		if strings.Contains(restText, s) {
			t.Errorf("%s printed after the masks:\n%s", s, out)
		}
	}
}

// TestUsageErrorsNeverEcho: a database URL or a token typed in the wrong
// place is masked before the first byte and never echoed by a usage error,
// on a runner and on a terminal.
func TestUsageErrorsNeverEcho(t *testing.T) {
	t.Parallel()
	const pw = "Pa55w0rd-xyz"
	const tok = "ghp_0123456789abcdefABCDEF"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"URL as an argument", []string{"plan", "postgres://app:" + pw + "@db/shop"}, "unexpected argument number 2"},
		{"token as the command", []string{tok}, "unknown command number 1"},
		{"URL as a flag name", []string{"plan", "--postgres://app:" + pw + "@db/shop"}, "unknown flag number 2"},
		{"URL after a flag without value", []string{"plan", "--migrations-path", "m", "mysql://root:" + pw + "@tcp(h:3306)/d"}, "unexpected argument number 4"},
		{"secret in another input's flag", []string{"plan", "--version", "postgres://app:" + pw + "@db/shop"}, "input version"},
	}
	for _, tt := range tests {
		for _, actions := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s actions=%t", tt.name, actions), func(t *testing.T) {
				t.Parallel()
				env := map[string]string{"GITHUB_WORKSPACE": t.TempDir()}
				if actions {
					env["GITHUB_ACTIONS"] = "true"
				}
				code, out, errOut := run(t, env, tt.args...)
				if code != ExitConfig {
					t.Errorf("exit %d, want 2", code)
				}
				all := out + errOut
				if !strings.Contains(all, tt.want) {
					t.Errorf("output lacks %q:\n%s", tt.want, all)
				}
				seenOther := false
				for _, line := range strings.Split(all, "\n") {
					if strings.HasPrefix(line, "::add-mask::") {
						if seenOther {
							t.Errorf("mask after other output: %q", line)
						}
						continue
					}
					if line != "" {
						seenOther = true
					}
					for _, s := range []string{pw, tok} {
						if strings.Contains(line, s) {
							t.Errorf("secret printed: %q", line)
						}
					}
				}
				if actions && tt.name != "token as the command" && !strings.Contains(out, "::add-mask::"+pw+"\n") {
					t.Errorf("password not masked first:\n%s", out)
				}
				if actions && tt.name == "token as the command" && !strings.HasPrefix(out, "::add-mask::") {
					t.Errorf("token not masked first:\n%s", out)
				}
			})
		}
	}
}

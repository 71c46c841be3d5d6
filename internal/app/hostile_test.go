package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// TestHostileFileNames: a change set whose file names carry a workflow
// command, HTML and a mention cannot inject a command into the log or HTML
// into the summary, on a runner or in a terminal. (A name with a control
// character is refused before any report: the git walk rejects it.)
func TestHostileFileNames(t *testing.T) {
	t.Parallel()
	dir, git := gitRepo(t)
	names := []string{
		"migrations/0003_<img src=x onerror=alert(1)>.up.sql",
		"migrations/0004_@octocat|x`y.up.sql",
	}
	for _, n := range append(names, "::error::pwned.go") {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("SELECT 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("add", "-A")
	git("commit", "-q", "-m", "hostile")

	summary := filepath.Join(t.TempDir(), "summary.md")
	for _, actions := range []bool{false, true} {
		env := map[string]string{"GITHUB_WORKSPACE": dir}
		if actions {
			env["GITHUB_ACTIONS"], env["GITHUB_STEP_SUMMARY"] = "true", summary
		}
		code, out, errOut := run(t, env, "check", "--base-ref", "HEAD~1")
		if code != ExitFailed {
			t.Fatalf("actions=%v: exit %d, want 1 (mixed)\n%s%s", actions, code, out, errOut)
		}
		for _, l := range strings.Split(out+errOut, "\n") {
			// The runner trims leading white space before it looks for "::".
			if l = strings.TrimLeft(l, " \t"); strings.HasPrefix(l, "::error::pwned") || strings.HasPrefix(l, "::") && !actions {
				t.Errorf("actions=%v: injected line %q", actions, l)
			}
		}
		if !actions && !strings.Contains(out, "\n  \\::error::pwned.go\n") {
			t.Errorf("CLI does not list the code file indented:\n%s", out)
		}
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert(b, &html); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html.String(), "<img") {
		t.Errorf("a file name rendered as HTML:\n%s", html.String())
	}
	if !strings.Contains(md, "- `migrations/0003_<img src=x onerror=alert(1)>.up.sql`") || !strings.Contains(md, "- `` migrations/0004_@octocat|x`y.up.sql ``") || !strings.Contains(md, "- `::error::pwned.go`") {
		t.Errorf("file names not shown as code:\n%s", md)
	}
}

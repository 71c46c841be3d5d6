package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFailingRunsWriteASummary: a run that stops early (bad input, no git
// repository, a GitHub API error) still writes a job summary that says what
// went wrong and what to do.
func TestFailingRunsWriteASummary(t *testing.T) {
	t.Parallel()
	repo, _ := gitRepo(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`))
	}))
	t.Cleanup(api.Close)

	event := filepath.Join(t.TempDir(), "event.json")
	payload := `{"number":3,"pull_request":{"number":3,"base":{"ref":"main","sha":"` + strings.Repeat("a", 40) + `","repo":{"full_name":"octo/hello"}},"head":{"ref":"f","sha":"` + strings.Repeat("b", 40) + `","repo":{"full_name":"octo/hello"}},"labels":[]},"repository":{"name":"hello","owner":{"login":"octo"},"default_branch":"main"}}`
	if err := os.WriteFile(event, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		env  map[string]string
		code int
		want []string
	}{
		{"bad input", map[string]string{"INPUT_COMMAND": "down", "INPUT_STEPS": "0", "GITHUB_WORKSPACE": t.TempDir()}, ExitConfig,
			[]string{"## ❌ schemagate down: bad input or configuration (exit 2)", "input steps", "**What to do**"}},
		{"unknown command", map[string]string{"INPUT_COMMAND": "deploy", "GITHUB_WORKSPACE": t.TempDir()}, ExitConfig,
			[]string{"## ❌ schemagate: bad input or configuration (exit 2)", "unknown command"}},
		{"outside a git repository", map[string]string{"INPUT_BASE-REF": "HEAD~1", "GITHUB_WORKSPACE": t.TempDir()}, -1,
			[]string{"## ❌ schemagate check:", "**What went wrong**", "**What to do**"}},
		{"GitHub API error", map[string]string{
			"GITHUB_WORKSPACE": repo, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event,
			"GITHUB_REPOSITORY": "octo/hello", "GITHUB_API_URL": api.URL, "INPUT_GITHUB-TOKEN": "ghs_token0123456789",
		}, ExitConfig, []string{"## ❌ schemagate check: bad input or configuration (exit 2)", "401 Unauthorized", `github\-token`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			summary := filepath.Join(t.TempDir(), "summary.md")
			env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
			for k, v := range tt.env {
				env[k] = v
			}
			code, out, _ := run(t, env)
			if tt.code >= 0 && code != tt.code || code == ExitOK {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, out)
			}
			b, err := os.ReadFile(summary)
			if err != nil {
				t.Fatalf("no summary: %v\n%s", err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("summary lacks %q:\n%s", w, b)
				}
			}
			if strings.Contains(string(b), "ghs_token0123456789") {
				t.Error("token in the summary")
			}
		})
	}
}

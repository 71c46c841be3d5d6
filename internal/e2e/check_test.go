package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeGitHub answers the endpoints check uses, as GitHub's REST API
// documents them: 100 files a page with Link headers, labels, issue
// comments (create and update), and repository contents.
type fakeGitHub struct {
	mu       sync.Mutex
	files    []map[string]any
	labels   []string
	comments map[int64]string
	nextID   int64
	auth     []string
}

func newFakeGitHub(t *testing.T, files []map[string]any, labels []string) (*fakeGitHub, *httptest.Server) {
	f := &fakeGitHub{files: files, labels: labels, comments: map[int64]string{}, nextID: 100}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/acme/shop/pulls/7/files", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		page := 1
		fmt.Sscan(r.URL.Query().Get("page"), &page)
		start, end := (page-1)*100, page*100
		end = min(end, len(f.files))
		start = min(start, end)
		if end < len(f.files) {
			last := (len(f.files) + 99) / 100
			w.Header().Set("Link", fmt.Sprintf(`<%s/repos/acme/shop/pulls/7/files?per_page=100&page=%d>; rel="next", <%s/repos/acme/shop/pulls/7/files?per_page=100&page=%d>; rel="last"`,
				"http://"+r.Host, page+1, "http://"+r.Host, last))
		}
		json.NewEncoder(w).Encode(f.files[start:end])
	})
	mux.HandleFunc("GET /repos/acme/shop/pulls/7", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		json.NewEncoder(w).Encode(map[string]any{"number": 7, "changed_files": len(f.files)})
	})
	mux.HandleFunc("GET /repos/acme/shop/issues/7/labels", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		var out []map[string]any
		for _, l := range f.labels {
			out = append(out, map[string]any{"name": l})
		}
		if out == nil {
			out = []map[string]any{}
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /repos/acme/shop/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		out := []map[string]any{}
		for id, body := range f.comments {
			out = append(out, map[string]any{"id": id, "body": body, "html_url": fmt.Sprintf("https://github.com/acme/shop/pull/7#issuecomment-%d", id), "user": map[string]any{"login": "github-actions[bot]", "type": "Bot"}})
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("POST /repos/acme/shop/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Body string }
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.nextID++
		id := f.nextID
		f.comments[id] = in.Body
		f.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"id": id, "body": in.Body, "html_url": fmt.Sprintf("https://github.com/acme/shop/pull/7#issuecomment-%d", id)})
	})
	mux.HandleFunc("PATCH /repos/acme/shop/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Body string }
		json.NewDecoder(r.Body).Decode(&in)
		var id int64
		fmt.Sscan(r.PathValue("id"), &id)
		f.mu.Lock()
		_, ok := f.comments[id]
		if ok {
			f.comments[id] = in.Body
		}
		f.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"id": id, "body": in.Body, "html_url": "https://github.com/acme/shop/pull/7"})
	})
	// The GITHUB_TOKEN is an installation token: GET /user is forbidden.
	mux.HandleFunc("GET /user", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		json.NewEncoder(w).Encode(map[string]any{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user"})
	})
	mux.HandleFunc("GET /repos/acme/shop/contents/{path...}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]any{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeGitHub) record(r *http.Request) {
	f.mu.Lock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
}

func (f *fakeGitHub) commentBodies() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, b := range f.comments {
		out = append(out, b)
	}
	return out
}

// workspace writes files into a fresh directory.
func workspace(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		name, body, ok := strings.Cut(f, "=")
		if !ok {
			body = "SELECT 1;\n"
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func prPayload() map[string]any {
	return map[string]any{
		"number": 7,
		"pull_request": map[string]any{
			"number": 7, "changed_files": 3,
			"base":   map[string]any{"ref": "main", "sha": strings.Repeat("a", 40)},
			"head":   map[string]any{"ref": "feature", "sha": strings.Repeat("b", 40)},
			"labels": []map[string]any{},
		},
		"repository": map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"},
	}
}

func mixedFiles(n int) []map[string]any {
	files := []map[string]any{
		{"filename": "migrations/000002_orders.up.sql", "status": "added"},
		{"filename": "migrations/000002_orders.down.sql", "status": "added"},
	}
	for i := len(files); i < n; i++ {
		files = append(files, map[string]any{"filename": fmt.Sprintf("app/file%03d.go", i), "status": "modified"})
	}
	return files
}

func TestCheckPullRequestMixed(t *testing.T) {
	t.Parallel()
	gh, srv := newFakeGitHub(t, mixedFiles(250), nil)
	dir := workspace(t, "migrations/000001_init.up.sql", "migrations/000001_init.down.sql",
		"migrations/000002_orders.up.sql", "migrations/000002_orders.down.sql")
	res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: prPayload(), Token: "ghs_secret",
		Env: map[string]string{"GITHUB_API_URL": srv.URL}})
	if res.Code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if res.Outputs["change-kind"] != "mixed" || res.Outputs["overridden"] != "false" {
		t.Errorf("outputs %v", res.Outputs)
	}
	var code []string
	if err := json.Unmarshal([]byte(res.Outputs["code-files"]), &code); err != nil || len(code) != 248 {
		t.Errorf("code-files: %d entries (%v), want all 248 across three pages", len(code), err)
	}
	if res.Outputs["schema-files"] != `["migrations/000002_orders.down.sql","migrations/000002_orders.up.sql"]` {
		t.Errorf("schema-files %s", res.Outputs["schema-files"])
	}
	if !strings.Contains(res.Stdout, "::error title=schemagate check::mixed change set: 2 schema files and 248 code files. Split it") {
		t.Errorf("no mixed error annotation in\n%s", res.Stdout)
	}
	if !strings.Contains(res.Summary, "mixed change set") || !strings.Contains(res.Summary, "pull request #7") {
		t.Errorf("summary:\n%s", res.Summary)
	}
	if gh.auth[0] != "Bearer ghs_secret" {
		t.Errorf("Authorization = %q", gh.auth[0])
	}
	if strings.Contains(res.Stdout+res.Stderr+res.Summary, "ghs_secret") && !strings.Contains(res.Stdout, "::add-mask::ghs_secret") {
		t.Error("token printed")
	}
}

func TestCheckPullRequestLabelAndComment(t *testing.T) {
	t.Parallel()
	gh, srv := newFakeGitHub(t, mixedFiles(3), []string{"allow-mixed-deploy"})
	dir := workspace(t, "migrations/000002_orders.up.sql", "migrations/000002_orders.down.sql")
	for run := 1; run <= 2; run++ {
		res := RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: prPayload(), Token: "t",
			Inputs: map[string]string{"comment": "true"}, Env: map[string]string{"GITHUB_API_URL": srv.URL}})
		if res.Code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", run, res.Code, res.Stdout, res.Stderr)
		}
		if res.Outputs["overridden"] != "true" || !strings.Contains(res.Stdout, "::warning title=schemagate check::mixed change set") {
			t.Errorf("run %d: outputs %v\n%s", run, res.Outputs, res.Stdout)
		}
		bodies := gh.commentBodies()
		if len(bodies) != 1 {
			t.Fatalf("run %d: %d comments, want exactly 1", run, len(bodies))
		}
		if !strings.HasPrefix(bodies[0], "<!-- schemagate:check -->") || !strings.Contains(bodies[0], "allowed by label allow\\-mixed\\-deploy") {
			t.Errorf("comment body:\n%s", bodies[0])
		}
	}
}

func TestCheckPushOnGitRepo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git := func(args ...string) string { return gitIn(t, dir, args...) }
	git("init", "-q", "-b", "main")
	write := func(name, body string) {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	write("migrations/000001_init.up.sql", "CREATE TABLE a (id int);\n")
	write("migrations/000001_init.down.sql", "DROP TABLE a;\n")
	git("add", "-A")
	git("commit", "-qm", "init")
	before := git("rev-parse", "HEAD")
	write("migrations/000002_b.up.sql", "CREATE TABLE b (id int);\n")
	write("migrations/000002_b.UP.sql", "oops\n")
	git("add", "-A")
	git("commit", "-qm", "b")
	after := git("rev-parse", "HEAD")

	payload := map[string]any{"before": before, "after": after, "repository": map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"}}
	res := RunAction(t, Action{Dir: dir, Event: "push", Payload: payload})
	if res.Code != 1 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if res.Outputs["change-kind"] != "schema" || res.Outputs["new-migrations"] != `["migrations/000002_b.up.sql"]` {
		t.Errorf("outputs %v", res.Outputs)
	}
	var fs []map[string]any
	if err := json.Unmarshal([]byte(res.Outputs["findings"]), &fs); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range fs {
		rules[f["rule"].(string)] = true
	}
	if !rules["SG101"] || !rules["SG105"] {
		t.Errorf("findings %v, want SG101 and SG105", fs)
	}
	if !strings.Contains(res.Stdout, "::error file=migrations/000002_b.UP.sql,title=SG101::") {
		t.Errorf("no SG101 annotation on the file in\n%s", res.Stdout)
	}
	if !strings.Contains(res.Summary, "`migrations/000002_b.UP.sql` (1 error)\n\n| | Rule | Line | Message |\n|---|---|--:|---|\n| ❌&nbsp;error | [SG101](") {
		t.Errorf("summary lacks the finding row:\n%s", res.Summary)
	}

	// The CLI prints the same report to stdout, with no workflow commands.
	cli := RunCLI(t, dir, nil, "check", "--base-ref", before)
	if cli.Code != 1 || !strings.HasPrefix(cli.Stdout, "schemagate check: FAIL schema change set") ||
		!strings.Contains(cli.Stdout, "migrations/000002_b.UP.sql:1: error SG101") || strings.Contains(cli.Stdout, "::") {
		t.Errorf("CLI exit %d\n%s\n%s", cli.Code, cli.Stdout, cli.Stderr)
	}
	// A badly named file fails every check until it is fixed, not only
	// the change set that added it: golang-migrate skips it either way.
	cli = RunCLI(t, dir, nil, "check", "--base-ref", "HEAD")
	if cli.Code != 1 || !strings.Contains(cli.Stdout, "none change set · 1 error") {
		t.Errorf("CLI HEAD..HEAD exit %d\n%s%s", cli.Code, cli.Stdout, cli.Stderr)
	}
}

func TestCheckBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name   string
		action Action
		want   string
	}{
		{"unknown command", Action{Dir: dir, Inputs: map[string]string{"command": "deploy"}}, "input command: unknown command \"deploy\""},
		{"bad glob", Action{Dir: dir, Inputs: map[string]string{"schema-paths": "db/[x"}}, "input schema-paths: bad glob"},
		{"path outside", Action{Dir: dir, Inputs: map[string]string{"migrations-path": "../x"}}, "input migrations-path"},
		{"no range", Action{Dir: dir, Event: "workflow_dispatch", Payload: map[string]any{}}, "input base-ref: is required for event workflow_dispatch"},
		{"unreadable event", Action{Dir: dir, Event: "push", Payload: map[string]any{}, Env: map[string]string{"GITHUB_EVENT_PATH": filepath.Join(dir, "nope.json")}}, "GITHUB_EVENT_PATH"},
		{"bad payload", Action{Dir: dir, Event: "pull_request", Payload: map[string]any{"pull_request": "x"}}, "event payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := RunAction(t, tt.action)
			if res.Code != 2 {
				t.Errorf("exit %d, want 2\n%s%s", res.Code, res.Stdout, res.Stderr)
			}
			if !strings.Contains(res.Stdout, "::error::") || !strings.Contains(res.Stdout, tt.want) {
				t.Errorf("stdout lacks %q:\n%s", tt.want, res.Stdout)
			}
			if strings.Contains(res.Stdout+res.Stderr, "panic") {
				t.Error("panicked")
			}
		})
	}
	cli := RunCLI(t, dir, nil, "check")
	if cli.Code != 2 || !strings.Contains(cli.Stderr, "--base-ref origin/main") {
		t.Errorf("CLI without base: exit %d\n%s", cli.Code, cli.Stderr)
	}
}

// TestCheckAPIErrors: a bad token is a configuration error (exit 2), an
// outage a failure (exit 1); both say what failed, neither leaks the token.
func TestCheckAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		code   int
		want   string
	}{
		{http.StatusUnauthorized, 2, "github-token"},
		{http.StatusForbidden, 2, "pull-requests: read"},
		{http.StatusNotFound, 1, "404"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}`)
			}))
			defer srv.Close()
			res := RunAction(t, Action{Dir: t.TempDir(), Event: "pull_request", Payload: prPayload(), Token: "ghp_tok123",
				Env: map[string]string{"GITHUB_API_URL": srv.URL}})
			if res.Code != tt.code || !strings.Contains(res.Stdout, tt.want) {
				t.Errorf("exit %d (want %d), stdout lacks %q:\n%s", res.Code, tt.code, tt.want, res.Stdout)
			}
			if n := strings.Count(res.Stdout+res.Stderr, "ghp_tok123"); n != strings.Count(res.Stdout, "::add-mask::ghp_tok123") {
				t.Errorf("token printed outside the mask line:\n%s", res.Stdout)
			}
		})
	}
}

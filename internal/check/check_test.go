package check

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
)

func loadConfig(t *testing.T, dir string, inputs map[string]string) *config.Config {
	t.Helper()
	env := map[string]string{"GITHUB_WORKSPACE": dir}
	for k, v := range inputs {
		env[config.EnvName(k)] = v
	}
	getenv, err := config.Overlay(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func rules(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.File)
	}
	return out
}

// history builds main with migrations 1 and 2 and some code.
func history(t *testing.T) (*gitRepo, string) {
	g := newRepo(t)
	base := g.commit("init",
		"migrations/000001_init.up.sql", "migrations/000001_init.down.sql",
		"migrations/000002_users.up.sql", "migrations/000002_users.down.sql",
		"app/main.go=package main\n", "README.md=# shop\n")
	return g, base
}

func TestGitRanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		build    func(g *gitRepo, main string) (base, head string)
		kind     classify.Kind
		schema   []string
		code     []string
		findings []string
		failed   bool
	}{
		{
			name: "schema only",
			build: func(g *gitRepo, main string) (string, string) {
				g.git("checkout", "-q", "-b", "feature")
				return "main", g.commit("add orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
			},
			kind:     classify.KindSchema,
			schema:   []string{"migrations/000003_orders.down.sql", "migrations/000003_orders.up.sql"},
			findings: []string{},
		},
		{
			name: "code only, docs ignored",
			build: func(g *gitRepo, main string) (string, string) {
				g.git("checkout", "-q", "-b", "feature")
				return "main", g.commit("code", "app/orders.go=package main\n", "docs/orders.md=x", ".github/workflows/x.yml=on: push")
			},
			kind:     classify.KindCode,
			code:     []string{"app/orders.go"},
			findings: []string{},
		},
		{
			name: "mixed fails",
			build: func(g *gitRepo, main string) (string, string) {
				g.git("checkout", "-q", "-b", "feature")
				return "main", g.commit("both", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql", "app/orders.go=package main\n")
			},
			kind:     classify.KindMixed,
			schema:   []string{"migrations/000003_orders.down.sql", "migrations/000003_orders.up.sql"},
			code:     []string{"app/orders.go"},
			findings: []string{},
			failed:   true,
		},
		{
			name: "rename from code into migrations counts both paths",
			build: func(g *gitRepo, main string) (string, string) {
				g.write("app/seed.sql=INSERT INTO users VALUES (1, 'a long enough body for rename detection');\n")
				g.commit("seed")
				g.git("checkout", "-q", "-b", "feature")
				g.git("mv", "app/seed.sql", "migrations/000003_seed.up.sql")
				g.write("migrations/000003_seed.down.sql")
				return "main", g.commit("move")
			},
			kind:     classify.KindMixed,
			schema:   []string{"migrations/000003_seed.down.sql", "migrations/000003_seed.up.sql"},
			code:     []string{"app/seed.sql"},
			findings: []string{},
			failed:   true,
		},
		{
			name: "deleted code file counts as code",
			build: func(g *gitRepo, main string) (string, string) {
				g.git("rm", "-q", "app/main.go")
				return main, g.commit("rm")
			},
			kind:     classify.KindCode,
			code:     []string{"app/main.go"},
			findings: []string{},
		},
		{
			name: "edited migration is SG104",
			build: func(g *gitRepo, main string) (string, string) {
				return main, g.commit("edit", "migrations/000002_users.up.sql=ALTER TABLE users ADD COLUMN x int;\n")
			},
			kind:     classify.KindSchema,
			schema:   []string{"migrations/000002_users.up.sql"},
			findings: []string{"SG104 migrations/000002_users.up.sql"},
			failed:   true,
		},
		{
			name: "base moved past the branch: SG103 against the base tip",
			build: func(g *gitRepo, main string) (string, string) {
				g.git("checkout", "-q", "-b", "feature")
				head := g.commit("late", "migrations/000003_late.up.sql", "migrations/000003_late.down.sql")
				g.git("checkout", "-q", "main")
				g.commit("other", "migrations/000004_other.up.sql", "migrations/000004_other.down.sql")
				return "main", head
			},
			kind:     classify.KindSchema,
			schema:   []string{"migrations/000003_late.down.sql", "migrations/000003_late.up.sql"},
			findings: []string{"SG103 migrations/000003_late.down.sql", "SG103 migrations/000003_late.up.sql"},
			failed:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, main := history(t)
			base, head := tt.build(g, main)
			cfg := loadConfig(t, g.dir, map[string]string{"base-ref": base, "head-ref": head})
			res, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Class.Kind != tt.kind {
				t.Errorf("kind = %s, want %s (changes %v)", res.Class.Kind, tt.kind, res.Changes)
			}
			if !slices.Equal(res.Class.Schema, tt.schema) || !slices.Equal(res.Class.Code, tt.code) {
				t.Errorf("schema %q code %q, want %q %q", res.Class.Schema, res.Class.Code, tt.schema, tt.code)
			}
			if got := rules(res.Findings); !slices.Equal(got, tt.findings) {
				t.Errorf("findings %q, want %q", got, tt.findings)
			}
			if res.Failed != tt.failed {
				t.Errorf("failed = %v, want %v", res.Failed, tt.failed)
			}
			if res.Source != "git" {
				t.Errorf("source = %q", res.Source)
			}
			if strings.Contains(tt.name, "rename") && !slices.ContainsFunc(res.Changes, func(c changes.Change) bool {
				return c.Status == changes.Renamed && c.PreviousPath == "app/seed.sql"
			}) {
				t.Errorf("no rename detected in %v", res.Changes)
			}
		})
	}
}

func TestPushEvents(t *testing.T) {
	t.Parallel()
	t.Run("before..after", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		after := g.commit("orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
		res := runEvent(t, g, &event.Event{Name: "push", DefaultBranch: "main", Push: &event.Push{Before: main, After: after}})
		if res.Class.Kind != classify.KindSchema || len(res.NewMigrations) != 2 {
			t.Errorf("kind %s new %v", res.Class.Kind, res.NewMigrations)
		}
	})
	t.Run("new branch compares with the default branch's merge base", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		g.git("update-ref", "refs/remotes/origin/main", main)
		g.git("checkout", "-q", "-b", "feature")
		g.commit("one", "app/a.go=package a\n")
		after := g.commit("two", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
		res := runEvent(t, g, &event.Event{Name: "push", DefaultBranch: "main", Push: &event.Push{Before: event.ZeroSHA, After: after, Created: true}})
		if res.Class.Kind != classify.KindMixed {
			t.Errorf("kind = %s, want mixed from both commits of the branch (changes %v)", res.Class.Kind, res.Changes)
		}
	})
	t.Run("forced push falls back to the merge base", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		g.git("update-ref", "refs/remotes/origin/main", main)
		g.git("checkout", "-q", "-b", "feature")
		old := g.commit("old", "app/a.go=package a\n")
		g.git("reset", "-q", "--hard", main)
		after := g.commit("rewritten", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
		res := runEvent(t, g, &event.Event{Name: "push", DefaultBranch: "main", Push: &event.Push{Before: old, After: after, Forced: true}})
		if res.Class.Kind != classify.KindSchema {
			t.Errorf("kind = %s, want schema: the rewritten branch has only the migration (changes %v)", res.Class.Kind, res.Changes)
		}
	})
	t.Run("branch deletion checks nothing", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		res := runEvent(t, g, &event.Event{Name: "push", Push: &event.Push{Before: main, After: event.ZeroSHA, Deleted: true}})
		if res.Class.Kind != classify.KindNone || res.Failed {
			t.Errorf("kind %s failed %v", res.Class.Kind, res.Failed)
		}
	})
}

func TestMergeGroup(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	g.git("checkout", "-q", "-b", "gh-readonly-queue/main/pr-1")
	head := g.commit("queued", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	res := runEvent(t, g, &event.Event{Name: "merge_group", MergeGroup: &event.MergeGroup{BaseSHA: main, HeadSHA: head}})
	if res.Class.Kind != classify.KindSchema || !strings.Contains(res.Range, "merge group") {
		t.Errorf("kind %s range %q", res.Class.Kind, res.Range)
	}
}

func TestShallowClone(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	after := g.commit("orders", "migrations/000003_orders.up.sql")
	clone := &gitRepo{t: t, dir: t.TempDir()}
	clone.git("clone", "-q", "--depth", "1", "file://"+g.dir, ".")
	cfg := loadConfig(t, clone.dir, nil)
	_, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{Name: "push", Push: &event.Push{Before: main, After: after}}})
	if !errors.Is(err, changes.ErrShallow) {
		t.Fatalf("err = %v, want ErrShallow", err)
	}
	if !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("error %q does not say to set fetch-depth: 0", err)
	}
}

func TestNoRange(t *testing.T) {
	t.Parallel()
	for _, ev := range []*event.Event{{Name: "workflow_dispatch"}, {Name: "schedule"}, {}} {
		cfg := loadConfig(t, t.TempDir(), nil)
		_, err := Run(context.Background(), Options{Cfg: cfg, Event: ev})
		var in *config.InputError
		if !errors.As(err, &in) || in.Input != "base-ref" {
			t.Errorf("event %q: err = %v, want an InputError naming base-ref", ev.Name, err)
		}
	}
}

func runEvent(t *testing.T, g *gitRepo, ev *event.Event) *Result {
	t.Helper()
	cfg := loadConfig(t, g.dir, nil)
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fakeAPI answers like the GitHub API client.
type fakeAPI struct {
	files     []changes.Change
	filesErr  error
	labels    []string
	labelsErr error
	baseNames []string
	// contents are the files the contents API serves, by "ref:path".
	contents map[string]string
	calls    []string
}

var _ API = (*fakeAPI)(nil)

func (f *fakeAPI) PullRequestFiles(ctx context.Context, owner, repo string, n int) ([]changes.Change, error) {
	f.calls = append(f.calls, fmt.Sprintf("files %s/%s#%d", owner, repo, n))
	return f.files, f.filesErr
}

func (f *fakeAPI) Labels(ctx context.Context, owner, repo string, n int) ([]string, error) {
	f.calls = append(f.calls, "labels")
	return f.labels, f.labelsErr
}

func (f *fakeAPI) File(ctx context.Context, owner, repo, ref, p string, limit int64) ([]byte, bool, error) {
	f.calls = append(f.calls, "file "+ref+" "+p)
	body, ok := f.contents[ref+":"+p]
	if int64(len(body)) > limit {
		return nil, true, fmt.Errorf("over the limit: %w", changes.ErrUnsafeFile)
	}
	return []byte(body), ok, nil
}

func (f *fakeAPI) ListDir(ctx context.Context, owner, repo, ref, dir string) ([]string, error) {
	f.calls = append(f.calls, "listdir "+ref+" "+dir)
	return f.baseNames, nil
}

func TestPullRequest(t *testing.T) {
	t.Parallel()
	mixed := []changes.Change{
		{Path: "migrations/000003_orders.up.sql", Status: changes.Added},
		{Path: "migrations/000003_orders.down.sql", Status: changes.Added},
		{Path: "app/orders.go", Status: changes.Added},
	}
	tests := []struct {
		name       string
		api        *fakeAPI
		payload    []string
		failed     bool
		overridden bool
		findings   []string
		note       string
	}{
		{name: "mixed without label fails", api: &fakeAPI{files: mixed}, failed: true, findings: []string{}},
		{name: "live label overrides", api: &fakeAPI{files: mixed, labels: []string{"allow-mixed-deploy"}}, overridden: true, findings: []string{}},
		{name: "payload label does not count when the live set lacks it", api: &fakeAPI{files: mixed, labels: []string{}}, payload: []string{"allow-mixed-deploy"}, failed: true, findings: []string{}},
		{name: "labels API down: payload fallback", api: &fakeAPI{files: mixed, labelsErr: errors.New("502")}, payload: []string{"allow-mixed-deploy"}, overridden: true, findings: []string{}, note: "used the event payload"},
		{
			name: "live base tip has a higher version: SG103",
			api:  &fakeAPI{files: mixed[:2], baseNames: []string{"000004_newer.up.sql"}}, failed: true,
			findings: []string{"SG103 migrations/000003_orders.down.sql", "SG103 migrations/000003_orders.up.sql"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, main := history(t)
			g.git("checkout", "-q", "-b", "feature")
			head := g.commit("pr", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql", "app/orders.go=package main\n")
			cfg := loadConfig(t, g.dir, nil)
			ev := &event.Event{Name: "pull_request", Owner: "acme", Repo: "shop", PullRequest: &event.PullRequest{
				Number: 7, BaseRef: "main", BaseSHA: main, HeadSHA: head, Labels: tt.payload,
			}}
			res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: tt.api})
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed != tt.failed || res.Overridden != tt.overridden {
				t.Errorf("failed %v overridden %v, want %v %v", res.Failed, res.Overridden, tt.failed, tt.overridden)
			}
			if got := rules(res.Findings); !slices.Equal(got, tt.findings) {
				t.Errorf("findings %q, want %q", got, tt.findings)
			}
			if res.Source != "github-api" || res.PR != 7 {
				t.Errorf("source %q pr %d", res.Source, res.PR)
			}
			if tt.note != "" && !strings.Contains(strings.Join(res.Notes, "\n"), tt.note) {
				t.Errorf("notes %q lack %q", res.Notes, tt.note)
			}
			if tt.api.calls[0] != "files acme/shop#7" {
				t.Errorf("calls %q", tt.api.calls)
			}
		})
	}
}

func TestPullRequestTruncatedUsesGit(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	g.git("checkout", "-q", "-b", "feature")
	head := g.commit("orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	cfg := loadConfig(t, g.dir, nil)
	ev := &event.Event{Name: "pull_request", PullRequest: &event.PullRequest{Number: 9, BaseRef: "main", BaseSHA: main, HeadSHA: head}}
	api := &fakeAPI{filesErr: fmt.Errorf("list: %w", changes.ErrTruncated)}
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != "git" || res.Class.Kind != classify.KindSchema || len(res.Class.Schema) != 2 {
		t.Errorf("source %q kind %s schema %v", res.Source, res.Class.Kind, res.Class.Schema)
	}

	// Without the history, it fails and says what to set.
	clone := &gitRepo{t: t, dir: t.TempDir()}
	clone.git("clone", "-q", "--depth", "1", "--branch", "feature", "file://"+g.dir, ".")
	cfg = loadConfig(t, clone.dir, nil)
	_, err = Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
	if err == nil || !strings.Contains(err.Error(), "3,000") || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("err = %v, want the 3,000-file cap and fetch-depth: 0 named", err)
	}
}

// codeBranch is history plus a feature branch with one code commit.
func codeBranch(t *testing.T) (g *gitRepo, main, head string) {
	g, main = history(t)
	g.git("checkout", "-q", "-b", "feature")
	return g, main, g.commit("code", "app/x.go=package main\n")
}

func TestPullRequestWithoutTokenUsesGit(t *testing.T) {
	t.Parallel()
	g, main, head := codeBranch(t)
	cfg := loadConfig(t, g.dir, nil)
	ev := &event.Event{Name: "pull_request_target", PullRequest: &event.PullRequest{Number: 3, BaseRef: "main", BaseSHA: main, HeadSHA: head}}
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev})
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != "git" || res.Class.Kind != classify.KindCode {
		t.Errorf("source %q kind %s", res.Source, res.Class.Kind)
	}
}

// TestPullRequestHeadFiles: the migrations linted are the pull request's,
// whatever the workspace holds: its head or merge commit as is; a base
// checkout (pull_request_target's default) through git; and when git lacks
// the head, a failure naming the fix rather than a lint of the base's files.
func TestPullRequestHeadFiles(t *testing.T) {
	t.Parallel()
	files := []changes.Change{{Path: "migrations/000003_bad.sql", Status: changes.Added}}
	setup := func(t *testing.T) (*gitRepo, string, string) {
		g, main := history(t)
		g.git("checkout", "-q", "-b", "feature")
		head := g.commit("pr", "migrations/000003_bad.sql")
		return g, main, head
	}
	run := func(t *testing.T, dir, main, head string) (*Result, error) {
		cfg := loadConfig(t, dir, nil)
		ev := &event.Event{Name: "pull_request_target", PullRequest: &event.PullRequest{Number: 1, BaseRef: "main", BaseSHA: main, HeadSHA: head}}
		return Run(context.Background(), Options{Cfg: cfg, Event: ev, API: &fakeAPI{files: files}})
	}
	t.Run("merge commit checkout", func(t *testing.T) {
		t.Parallel()
		g, main, head := setup(t)
		g.git("checkout", "-q", "main")
		g.commit("base moves", "app/other.go=package main\n")
		g.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
		res, err := run(t, g.dir, main, head)
		if err != nil || !slices.Equal(rules(res.Findings), []string{"SG101 migrations/000003_bad.sql"}) || len(res.Notes) != 0 {
			t.Fatalf("err %v findings %v notes %q", err, res.Findings, res.Notes)
		}
	})
	t.Run("base checkout reads the head from git", func(t *testing.T) {
		t.Parallel()
		g, main, head := setup(t)
		g.git("checkout", "-q", "main")
		res, err := run(t, g.dir, main, head)
		if err != nil || !slices.Equal(rules(res.Findings), []string{"SG101 migrations/000003_bad.sql"}) {
			t.Fatalf("err %v findings %v", err, res.Findings)
		}
		if !strings.Contains(strings.Join(res.Notes, " "), "read from git at") {
			t.Errorf("notes %q", res.Notes)
		}
	})
	t.Run("base checkout without the head fails", func(t *testing.T) {
		t.Parallel()
		g, main, head := setup(t)
		clone := &gitRepo{t: t, dir: t.TempDir()}
		clone.git("clone", "-q", "--depth", "1", "--branch", "main", "file://"+g.dir, ".")
		_, err := run(t, clone.dir, main, head)
		var in *config.InputError
		if !errors.As(err, &in) || !strings.Contains(err.Error(), "pull_request.head.sha") {
			t.Fatalf("err = %v", err)
		}
	})
}

package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/event"
)

// origin is a bare repository standing in for GitHub: it serves any
// reachable commit by SHA, as GitHub does (uploadpack.allowReachableSHA1InWant).
func origin(t *testing.T) (work, bare *gitRepo) {
	t.Helper()
	work, _ = history(t)
	bare = &gitRepo{t: t, dir: t.TempDir()}
	bare.git("init", "-q", "--bare", "-b", "main")
	bare.git("config", "uploadpack.allowReachableSHA1InWant", "true")
	work.git("remote", "add", "origin", bare.dir)
	return work, bare
}

// linear adds n commits to the current branch in one git fast-import run,
// each touching its own code file; it returns the new tip. Commit dates
// increase from the tip's, as in real history (git's reachability check
// for a fetch by SHA cuts off by date).
func (g *gitRepo) linear(n int, prefix string) string {
	g.t.Helper()
	tip := g.git("rev-parse", "HEAD")
	branch := g.git("symbolic-ref", "HEAD")
	date, _ := strconv.Atoi(g.git("log", "-1", "--format=%ct"))
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "commit %s\ncommitter t <t@example.com> %d +0000\ndata 1\nx\n", branch, date+1+i)
		if i == 0 {
			fmt.Fprintf(&b, "from %s\n", tip)
		}
		body := prefix + strconv.Itoa(i)
		fmt.Fprintf(&b, "M 100644 inline %s/f%d.go\ndata %d\n%s\n", prefix, i, len(body), body)
	}
	g.gitStdin(b.String(), "fast-import", "--quiet", "--force")
	g.git("reset", "-q", "--hard")
	return g.git("rev-parse", "HEAD")
}

// shallowClone clones origin with depth 1 at branch, as actions/checkout
// does by default.
func shallowClone(t *testing.T, bare *gitRepo, branch string) *gitRepo {
	t.Helper()
	c := &gitRepo{t: t, dir: t.TempDir()}
	c.git("clone", "-q", "--depth", "1", "--branch", branch, "file://"+bare.dir, ".")
	return c
}

// commitCount counts the commit objects the repository holds, referenced
// or not.
func commitCount(g *gitRepo) int {
	return strings.Count(g.git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype)"), "commit")
}

// TestDefaultDepthTwoDot: push and merge_group ranges work on a depth-1
// checkout by fetching the missing end alone: no history comes along.
func TestDefaultDepthTwoDot(t *testing.T) {
	t.Parallel()
	work, bare := origin(t)
	before := work.commit("code", "app/a.go=package main\n")
	work.linear(30, "app/gen")
	after := work.commit("orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	work.git("push", "-q", "origin", "main")

	for _, ev := range []*event.Event{
		{Name: "push", Push: &event.Push{Before: before, After: after}},
		{Name: "merge_group", MergeGroup: &event.MergeGroup{BaseSHA: before, HeadSHA: after}},
	} {
		t.Run(ev.Name, func(t *testing.T) {
			t.Parallel()
			clone := shallowClone(t, bare, "main")
			res := runEvent(t, clone, ev)
			if res.Class.Kind != classify.KindMixed || len(res.Class.Code) != 30 || len(res.Class.Schema) != 2 {
				t.Errorf("kind %s, %d code and %d schema files; want mixed with 30 and 2", res.Class.Kind, len(res.Class.Code), len(res.Class.Schema))
			}
			if n := commitCount(clone); n != 2 {
				t.Errorf("the clone holds %d commits after the check, want 2: only the missing end is fetched", n)
			}
			if refs := clone.git("for-each-ref", "refs/schemagate/"); refs != "" {
				t.Errorf("fetch left refs behind: %s", refs)
			}
			if _, err := os.Stat(filepath.Join(clone.dir, ".git", "refs", "schemagate")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("fetch left its refs directory behind: %v", err)
			}
		})
	}
}

// TestDefaultDepthMergeBase: a new branch's merge base with the default
// branch is found by deepening step by step, and past the bound the check
// fails saying what to set.
func TestDefaultDepthMergeBase(t *testing.T) {
	t.Parallel()
	work, bare := origin(t)
	work.linear(100, "app/main")
	work.git("push", "-q", "origin", "main")
	work.git("checkout", "-q", "-b", "feature")
	work.linear(40, "app/feature")
	after := work.commit("orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	work.git("push", "-q", "origin", "feature")
	work.git("checkout", "-q", "main")
	work.linear(20, "app/later")
	work.git("push", "-q", "origin", "main")

	clone := shallowClone(t, bare, "feature")
	// actions/checkout of a branch push fetches only that branch.
	clone.git("update-ref", "-d", "refs/remotes/origin/main")
	ev := &event.Event{Name: "push", DefaultBranch: "main", Push: &event.Push{Before: event.ZeroSHA, After: after, Created: true}}
	res := runEvent(t, clone, ev)
	if res.Class.Kind != classify.KindMixed || len(res.Class.Code) != 40 || len(res.Class.Schema) != 2 {
		t.Errorf("kind %s, %d code and %d schema files; want mixed with the branch's 40 and 2", res.Class.Kind, len(res.Class.Code), len(res.Class.Schema))
	}
	if slices.ContainsFunc(res.Class.Code, func(p string) bool { return strings.HasPrefix(p, "app/later/") }) {
		t.Errorf("the default branch's later commits counted: %v", res.Class.Code)
	}
	if n, full := commitCount(clone), commitCount(work); n >= full {
		t.Errorf("the clone holds %d of %d commits: deepening fetched everything", n, full)
	}

	t.Run("bound", func(t *testing.T) {
		t.Parallel()
		work, bare := origin(t)
		work.git("push", "-q", "origin", "main")
		work.git("checkout", "-q", "-b", "long")
		after := work.linear(1100, "app/long")
		work.git("push", "-q", "origin", "long")
		clone := shallowClone(t, bare, "long")
		cfg := loadConfig(t, clone.dir, nil)
		ev := &event.Event{Name: "push", DefaultBranch: "main", Push: &event.Push{Before: event.ZeroSHA, After: after, Created: true}}
		_, err := Run(context.Background(), Options{Cfg: cfg, Event: ev})
		if !errors.Is(err, changes.ErrShallow) || !strings.Contains(err.Error(), "fetch-depth: 0") || !strings.Contains(err.Error(), "last 1024 commits") {
			t.Fatalf("err = %v, want ErrShallow naming the 1024-commit bound and fetch-depth: 0", err)
		}
	})
}

// TestPullRequestGitFallbackDeepens: a pull request checked without a
// token on a depth-1 checkout of its merge commit fetches both ends and
// deepens to their merge base.
func TestPullRequestGitFallbackDeepens(t *testing.T) {
	t.Parallel()
	work, bare := origin(t)
	base := work.git("rev-parse", "HEAD")
	work.git("push", "-q", "origin", "main")
	work.git("checkout", "-q", "-b", "feature")
	work.linear(20, "app/feature")
	head := work.commit("orders", "migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	work.git("push", "-q", "origin", "feature")
	clone := shallowClone(t, bare, "main")
	ev := &event.Event{Name: "pull_request", PullRequest: &event.PullRequest{Number: 4, BaseRef: "main", BaseSHA: base, HeadSHA: head}}
	res := runEvent(t, clone, ev)
	if res.Source != "git" || res.Class.Kind != classify.KindMixed || len(res.Class.Code) != 20 {
		t.Errorf("source %s kind %s code %d", res.Source, res.Class.Kind, len(res.Class.Code))
	}
}

// TestNoOrigin: a shallow clone whose origin is gone fails with the fetch's
// reason and the setting to change.
func TestNoOrigin(t *testing.T) {
	t.Parallel()
	work, bare := origin(t)
	before := work.git("rev-parse", "HEAD")
	after := work.commit("code", "app/a.go=package main\n")
	work.git("push", "-q", "origin", "main")
	clone := shallowClone(t, bare, "main")
	clone.git("remote", "set-url", "origin", "file://"+t.TempDir()+"/gone")
	cfg := loadConfig(t, clone.dir, nil)
	_, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{Name: "push", Push: &event.Push{Before: before, After: after}}})
	if !errors.Is(err, changes.ErrShallow) || !strings.Contains(err.Error(), "fetch "+before) || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Fatalf("err = %v", err)
	}
}

// TestTruncatedNote: the note on the git fallback says what the API did,
// not a 3,000-file cap the pull request never reached.
func TestTruncatedNote(t *testing.T) {
	t.Parallel()
	g, main, head := codeBranch(t)
	cfg := loadConfig(t, g.dir, nil)
	ev := &event.Event{Name: "pull_request", PullRequest: &event.PullRequest{Number: 5, BaseRef: "main", BaseSHA: main, HeadSHA: head}}
	for _, tt := range []struct {
		err       *changes.TruncatedError
		want, not string
	}{
		{&changes.TruncatedError{Changed: 5, Listed: 1, Cap: 3000}, "listed 1 of the 5 files", "3,000"},
		{&changes.TruncatedError{Changed: 3500, Cap: 3000}, "changes 3500 files, more than the 3000", "listed"},
	} {
		api := &fakeAPI{filesErr: fmt.Errorf("list: %w", tt.err)}
		res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
		if err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(res.Notes, "\n")
		if res.Source != "git" || !strings.Contains(notes, tt.want) || strings.Contains(notes, tt.not) {
			t.Errorf("source %s notes %q, want %q and not %q", res.Source, notes, tt.want, tt.not)
		}
	}
}

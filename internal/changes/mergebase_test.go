package changes

import (
	"context"
	"strings"
	"testing"
)

// TestMergeBaseMatchesGit: the merge base is git merge-base's, across a
// merge commit and diverged branches; unrelated histories share none.
func TestMergeBaseMatchesGit(t *testing.T) {
	t.Parallel()
	dir := newGitDir(t)
	commitAll(t, dir, "a")
	gitCmd(t, dir, "checkout", "-q", "-b", "side")
	commitAll(t, dir, "s1")
	gitCmd(t, dir, "checkout", "-q", "main")
	commitAll(t, dir, "m1")
	gitCmd(t, dir, "merge", "-q", "--no-ff", "-m", "merge side", "side")
	gitCmd(t, dir, "checkout", "-q", "-b", "feature")
	commitAll(t, dir, "f1")
	commitAll(t, dir, "f2")
	gitCmd(t, dir, "checkout", "-q", "side")
	commitAll(t, dir, "s2")
	gitCmd(t, dir, "checkout", "-q", "main")
	commitAll(t, dir, "m2")
	gitCmd(t, dir, "checkout", "-q", "--orphan", "alone")
	commitAll(t, dir, "z")

	repo, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	ctx := context.Background()
	for _, pair := range [][2]string{{"main", "feature"}, {"feature", "side"}, {"main", "side"}, {"main", "main"}, {"main~1", "main"}} {
		a, err := repo.Commit(ctx, pair[0], "a")
		if err != nil {
			t.Fatal(err)
		}
		b, err := repo.Commit(ctx, pair[1], "b")
		if err != nil {
			t.Fatal(err)
		}
		got, err := repo.MergeBase(ctx, a, b)
		if err != nil {
			t.Fatalf("%v: %v", pair, err)
		}
		if want := gitCmd(t, dir, "merge-base", pair[0], pair[1]); got.Hash.String() != want {
			t.Errorf("merge base of %v = %s, git says %s", pair, got.Hash, want)
		}
	}
	a, _ := repo.Commit(ctx, "main", "a")
	b, _ := repo.Commit(ctx, "alone", "b")
	if _, err := repo.MergeBase(ctx, a, b); err == nil || !strings.Contains(err.Error(), "share no history") {
		t.Errorf("unrelated histories: err = %v", err)
	}
}

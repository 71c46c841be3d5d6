package changes

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func gitCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// newGitDir is a new repository in a temporary directory (skipping the
// test without the git CLI, which builds the fixtures).
func newGitDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git CLI not installed: needed to build fixture repositories")
	}
	dir := t.TempDir()
	gitCmd(t, dir, "init", "-q", "-b", "main")
	return dir
}

// commitAll writes files (each holding its own name), commits everything
// and returns the commit's SHA.
func commitAll(t *testing.T, dir string, files ...string) string {
	t.Helper()
	for _, f := range files {
		writeFile(t, dir, f, f+"\n")
	}
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-qm", "c")
	return gitCmd(t, dir, "rev-parse", "HEAD")
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiffMatchesGit: the tree diff lists what git diff --name-status
// -M60% lists, for every kind of change and the orderings git trees use
// ("a.b" sorts before the directory "a", which sorts as "a/").
func TestDiffMatchesGit(t *testing.T) {
	t.Parallel()
	dir := newGitDir(t)
	long := strings.Repeat("a line of text that makes the file long enough to compare\n", 20)
	for name, body := range map[string]string{
		"keep.go": "same\n", "mod.go": "old\n", "gone.go": "bye\n", "moved/exact.sql": long + "exact\n",
		"similar.sql": long + "one\n", "a/x.go": "x\n", "a.b": "dot\n", "a-b/y.go": "y\n", "deep/er/still/z.go": "z\n",
		"filedir": "was a file\n", "dirfile/inner.go": "was in a dir\n", "exec.sh": "#!/bin/sh\n", "unchanged/dir/f": "f\n",
	} {
		writeFile(t, dir, name, body)
	}
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-qm", "base")
	for _, p := range []string{"moved/exact.sql", "similar.sql", "gone.go", "filedir", "dirfile/inner.go"} {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, dir, "elsewhere/exact.sql", long+"exact\n")
	writeFile(t, dir, "renamed/similar.sql", long+"two\n")
	writeFile(t, dir, "filedir/now.go", "a dir now\n")
	if err := os.Remove(filepath.Join(dir, "dirfile")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "dirfile", "a file now\n")
	writeFile(t, dir, "mod.go", "new\n")
	writeFile(t, dir, "a/x.go", "x2\n")
	writeFile(t, dir, "a.b", "dot2\n")
	writeFile(t, dir, "deep/er/still/z.go", "z2\n")
	writeFile(t, dir, "new/file.go", "new\n")
	if err := os.Chmod(filepath.Join(dir, "exec.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-qm", "head")

	var want []string
	for _, line := range strings.Split(gitCmd(t, dir, "diff", "--name-status", "-M60%", "HEAD~1", "HEAD"), "\n") {
		f := strings.Split(line, "\t")
		switch f[0][0] {
		case 'R':
			want = append(want, "renamed "+f[1]+" -> "+f[2])
		case 'A':
			want = append(want, "added "+f[1])
		case 'D':
			want = append(want, "removed "+f[1])
		default:
			want = append(want, "modified "+f[1])
		}
	}
	repo, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	from, err := repo.Commit(context.Background(), "HEAD~1", "from")
	if err != nil {
		t.Fatal(err)
	}
	to, err := repo.Commit(context.Background(), "HEAD", "to")
	if err != nil {
		t.Fatal(err)
	}
	chs, err := repo.Diff(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range chs {
		if c.Status == Renamed {
			got = append(got, "renamed "+c.PreviousPath+" -> "+c.Path)
		} else {
			got = append(got, string(c.Status)+" "+c.Path)
		}
	}
	slices.Sort(want)
	sorted := slices.Sorted(slices.Values(got))
	if !slices.Equal(sorted, want) {
		t.Errorf("diff:\n%s\ngit:\n%s", strings.Join(sorted, "\n"), strings.Join(want, "\n"))
	}
}

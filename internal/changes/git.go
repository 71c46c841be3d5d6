package changes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/schemagate/schemagate/internal/safefs"
)

// Repo is a git repository read with go-git, a pure-Go implementation: the
// container image needs no git binary, and git's safe.directory ownership
// check (the workspace belongs to the runner user, the container runs as
// root) does not apply.
type Repo struct {
	r    *git.Repository
	root string
}

// ErrShallow marks errors caused by history the clone does not have.
var ErrShallow = errors.New("history missing from a shallow clone")

// fetchDepthFix is the advice for any missing history.
const fetchDepthFix = "set fetch-depth: 0 on actions/checkout (or fetch the missing commits) so schemagate can compare the range"

// OpenRepo opens the repository containing dir.
func OpenRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w (check out the repository first, with actions/checkout)", dir, err)
	}
	root := dir
	if wt, err := r.Worktree(); err == nil {
		root = wt.Filesystem.Root()
	}
	return &Repo{r: r, root: root}, nil
}

// Root is the repository's top-level directory.
func (g *Repo) Root() string { return g.root }

// shallow reports whether the clone is shallow.
func (g *Repo) shallow() bool {
	s, err := g.r.Storer.Shallow()
	return err == nil && len(s) > 0
}

// Commit resolves a revision (SHA, branch, tag, origin/main, HEAD~1, ...).
// what names the revision's origin for the error message.
func (g *Repo) Commit(rev, what string) (*object.Commit, error) {
	h, err := g.r.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		if g.shallow() {
			return nil, fmt.Errorf("%s %q is not in this shallow clone: %s: %w", what, rev, fetchDepthFix, ErrShallow)
		}
		return nil, fmt.Errorf("%s %q is not a commit in this repository: give a branch, tag or SHA that exists locally (fetch it first)", what, rev)
	}
	c, err := g.r.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w: %s", what, rev, ErrShallow, fetchDepthFix)
	}
	return c, nil
}

// HeadIs reports whether the checked-out commit (HEAD) is sha, or a merge
// commit with sha as a parent (GitHub's refs/pull/N/merge).
func (g *Repo) HeadIs(sha string) bool {
	ref, err := g.r.Head()
	if err != nil {
		return false
	}
	if ref.Hash().String() == sha {
		return true
	}
	c, err := g.r.CommitObject(ref.Hash())
	if err != nil {
		return false
	}
	for _, p := range c.ParentHashes {
		if p.String() == sha {
			return true
		}
	}
	return false
}

// DefaultBranch finds the default branch's commit, preferring the remote
// tracking branch (what actions/checkout fetches) over a local one.
func (g *Repo) DefaultBranch(name string) (*object.Commit, error) {
	for _, ref := range []string{"refs/remotes/origin/" + name, "refs/heads/" + name} {
		if c, err := g.Commit(ref, "default branch"); err == nil {
			return c, nil
		}
	}
	return nil, fmt.Errorf("default branch %q is not in this clone: %s: %w", name, fetchDepthFix, ErrShallow)
}

// MergeBase is the best common ancestor of a and b.
func (g *Repo) MergeBase(a, b *object.Commit) (*object.Commit, error) {
	bases, err := a.MergeBase(b)
	if err != nil || len(bases) == 0 {
		if g.shallow() || err != nil {
			return nil, fmt.Errorf("no merge base of %s and %s in this clone: %s: %w", short(a), short(b), fetchDepthFix, ErrShallow)
		}
		return nil, fmt.Errorf("%s and %s share no history: compare revisions of the same repository", short(a), short(b))
	}
	return bases[0], nil
}

// Diff lists the files that differ between two commits, with renames
// detected the way git does (similarity 60%).
func (g *Repo) Diff(ctx context.Context, from, to *object.Commit) ([]Change, error) {
	ft, err := from.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w: %s", short(from), ErrShallow, fetchDepthFix)
	}
	tt, err := to.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w: %s", short(to), ErrShallow, fetchDepthFix)
	}
	diff, err := object.DiffTreeWithOptions(ctx, ft, tt, object.DefaultDiffTreeOptions)
	if err != nil {
		return nil, fmt.Errorf("diff %s..%s: %w", short(from), short(to), err)
	}
	out := make([]Change, 0, len(diff))
	for _, c := range diff {
		switch {
		case c.From.Name == "":
			out = append(out, Change{Path: c.To.Name, Status: Added})
		case c.To.Name == "":
			out = append(out, Change{Path: c.From.Name, Status: Removed})
		case c.From.Name != c.To.Name:
			out = append(out, Change{Path: c.To.Name, PreviousPath: c.From.Name, Status: Renamed})
		default:
			out = append(out, Change{Path: c.To.Name, Status: Modified})
		}
	}
	return out, nil
}

// Dir returns the directory dir (slash-separated, relative to the root) at
// commit c as a file system, or nil when the commit has no such directory.
// Files of the top level are loaded with their content; files in
// subdirectories are listed without it (nothing reads them). A symbolic link
// (mode 120000) is listed as a link, and a blob larger than safefs.MaxSize is
// listed with its size but never loaded, so that the linter refuses both
// (SG108) instead of reading them.
func (g *Repo) Dir(c *object.Commit, dir string) (fs.FS, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w", short(c), err)
	}
	if dir != "" && dir != "." {
		t, err = t.Tree(dir)
		if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s at %s: %w", dir, short(c), err)
		}
	}
	m := fstest.MapFS{}
	walker := object.NewTreeWalker(t, true, nil)
	defer walker.Close()
	for {
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("walk %s at %s: %w", dir, short(c), err)
		}
		if !entry.Mode.IsFile() || !fs.ValidPath(name) {
			continue
		}
		f := &fstest.MapFile{Mode: 0o644}
		if entry.Mode == filemode.Symlink {
			// The link's target is never resolved: it may leave the tree.
			f.Mode = fs.ModeSymlink | 0o777
		} else if !strings.Contains(name, "/") {
			size, err := g.r.Storer.EncodedObjectSize(entry.Hash)
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", path.Join(dir, name), short(c), err)
			}
			if size > safefs.MaxSize {
				f.Sys = safefs.Size(size)
				m[name] = f
				continue
			}
			blob, err := t.TreeEntryFile(&entry)
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", path.Join(dir, name), short(c), err)
			}
			body, err := blob.Contents()
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", path.Join(dir, name), short(c), err)
			}
			f.Data = []byte(body)
		}
		m[name] = f
	}
	return m, nil
}

// Names lists the file names directly inside dir at commit c.
func (g *Repo) Names(c *object.Commit, dir string) ([]string, error) {
	fsys, err := g.Dir(c, dir)
	if err != nil || fsys == nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// RelPath turns an absolute path inside the repository into a
// slash-separated path relative to its root.
func (g *Repo) RelPath(abs string) (string, error) {
	root, err := filepath.EvalSymlinks(g.root)
	if err != nil {
		root = g.root
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if realParent, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(realParent, filepath.Base(abs))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the git repository at %s", abs, g.root)
	}
	return filepath.ToSlash(rel), nil
}

func short(c *object.Commit) string {
	return c.Hash.String()[:12]
}

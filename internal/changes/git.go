package changes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/schemagate/schemagate/internal/safefs"
)

// Repo is a git repository read with go-git, a pure-Go implementation: the
// container image needs no git binary, and git's safe.directory ownership
// check (the workspace belongs to the runner user, the container runs as
// root) does not apply. The object storage is opened once and keeps its
// packfile descriptors open (reopening the packfile per object dominated a
// 100,000-file diff): Close releases them.
type Repo struct {
	r    *git.Repository
	st   *filesystem.Storage
	root string
	// remote, when set, lets the repository fetch what a shallow clone
	// lacks from origin (see fetch.go).
	remote *Remote
}

// ErrShallow marks errors caused by history the clone does not have.
var ErrShallow = errors.New("history missing from a shallow clone")

// ErrNotRepository marks a workspace that is not a git work tree.
var ErrNotRepository = errors.New("not a git work tree")

// fetchDepthFix is the advice for any missing history.
const fetchDepthFix = "set fetch-depth: 0 on actions/checkout (or fetch the missing commits) so schemagate can compare the range"

// objectCache bounds go-git's cache of decoded objects: a diff reads each
// tree once, so the default 96 MiB would only raise the memory peak.
const objectCache = 4 * cache.MiByte

// OpenRepo opens the repository containing dir. Close it when done.
func OpenRepo(dir string) (*Repo, error) {
	dot, wt, err := findDotGit(dir)
	if err != nil {
		return nil, err
	}
	st := filesystem.NewStorageWithOptions(dot, cache.NewObjectLRU(objectCache), filesystem.Options{KeepDescriptors: true})
	r, err := git.Open(st, wt)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("open git repository at %s: %w (check out the repository first, with actions/checkout)", wt.Root(), err)
	}
	return &Repo{r: r, st: st, root: wt.Root()}, nil
}

// findDotGit finds the .git directory of the work tree holding dir, the
// way git does: dir or its nearest parent with a .git directory, or a .git
// file ("gitdir: ...", a linked work tree or submodule), whose commondir
// holds the shared objects and refs.
func findDotGit(dir string) (dot, wt billy.Filesystem, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	for p := abs; ; p = filepath.Dir(p) {
		fi, err := os.Stat(filepath.Join(p, git.GitDirName))
		if err == nil {
			wt = osfs.New(p)
			if fi.IsDir() {
				return osfs.New(filepath.Join(p, git.GitDirName)), wt, nil
			}
			dot, err := gitdirFile(p)
			if err != nil {
				return nil, nil, fmt.Errorf("open git repository at %s: %w", p, err)
			}
			return dot, wt, nil
		}
		if filepath.Dir(p) == p {
			return nil, nil, fmt.Errorf("%s is %w (nor is any parent directory): check out the repository first, with actions/checkout", abs, ErrNotRepository)
		}
	}
}

// gitdirFile reads a .git file and returns the repository file system it
// points to, with its commondir when there is one.
func gitdirFile(wt string) (billy.Filesystem, error) {
	b, err := os.ReadFile(filepath.Join(wt, git.GitDirName))
	if err != nil {
		return nil, err
	}
	line, ok := strings.CutPrefix(string(b), "gitdir: ")
	if !ok {
		return nil, errors.New(".git file has no gitdir: prefix")
	}
	gitdir := strings.TrimSpace(strings.SplitN(line, "\n", 2)[0])
	if !filepath.IsAbs(gitdir) {
		gitdir = filepath.Join(wt, gitdir)
	}
	dot := osfs.New(gitdir)
	common, err := os.ReadFile(filepath.Join(gitdir, "commondir"))
	if errors.Is(err, fs.ErrNotExist) {
		return dot, nil
	}
	if err != nil {
		return nil, err
	}
	cd := strings.TrimSpace(string(common))
	if !filepath.IsAbs(cd) {
		cd = filepath.Join(gitdir, cd)
	}
	return dotgit.NewRepositoryFilesystem(dot, osfs.New(cd)), nil
}

// Close releases the object storage's open files.
func (g *Repo) Close() error { return g.st.Close() }

// Root is the repository's top-level directory.
func (g *Repo) Root() string { return g.root }

// shallow reports whether the clone is shallow.
func (g *Repo) shallow() bool {
	s, err := g.r.Storer.Shallow()
	return err == nil && len(s) > 0
}

// Commit resolves a revision (SHA, branch, tag, origin/main, HEAD~1, ...).
// what names the revision's origin for the error message. A full SHA that
// a shallow clone lacks is fetched from origin, alone (depth 1), when
// fetching is enabled.
func (g *Repo) Commit(ctx context.Context, rev, what string) (*object.Commit, error) {
	c, err := g.commit(rev)
	if err == nil {
		return c, nil
	}
	var fetchErr error
	if spec, ok := fetchSpec(rev); ok && g.remote != nil {
		if fetchErr = g.fetch(ctx, 1, spec); fetchErr == nil {
			if c, err := g.commit(rev); err == nil {
				return c, nil
			}
		}
	}
	if g.shallow() || fetchErr != nil {
		return nil, fmt.Errorf("%s %q is not in this shallow clone%s: %s: %w", what, rev, fetchNote(fetchErr), fetchDepthFix, ErrShallow)
	}
	return nil, fmt.Errorf("%s %q is not a commit in this repository: give a branch, tag or SHA that exists locally (fetch it first)", what, rev)
}

// fetchSpec is how to fetch rev alone from origin: a full SHA by itself,
// a remote-tracking branch (origin/main) from the branch it tracks.
func fetchSpec(rev string) (config.RefSpec, bool) {
	if plumbing.IsHash(rev) {
		return config.RefSpec(rev + ":" + fetchRef + rev), true
	}
	name, ok := strings.CutPrefix(rev, "refs/remotes/origin/")
	if !ok {
		name, ok = strings.CutPrefix(rev, "origin/")
	}
	if !ok || name == "" || name == "HEAD" || strings.ContainsAny(name, "~^:@{} \\*?[") {
		return "", false
	}
	return config.RefSpec("+refs/heads/" + name + ":refs/remotes/origin/" + name), true
}

func (g *Repo) commit(rev string) (*object.Commit, error) {
	h, err := g.r.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, err
	}
	return g.r.CommitObject(*h)
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
// tracking branch (what actions/checkout fetches) over a local one, and
// fetching its tip alone from origin when the clone has neither.
func (g *Repo) DefaultBranch(ctx context.Context, name string) (*object.Commit, error) {
	refs := []string{"refs/remotes/origin/" + name, "refs/heads/" + name}
	for _, ref := range refs {
		if c, err := g.commit(ref); err == nil {
			return c, nil
		}
	}
	var fetchErr error
	if g.remote != nil {
		if fetchErr = g.fetch(ctx, 1, config.RefSpec("+refs/heads/"+name+":"+refs[0])); fetchErr == nil {
			if c, err := g.commit(refs[0]); err == nil {
				return c, nil
			}
		}
	}
	return nil, fmt.Errorf("default branch %q is not in this clone%s: %s: %w", name, fetchNote(fetchErr), fetchDepthFix, ErrShallow)
}

// MergeBase is the best common ancestor of a and b. A shallow clone that
// lacks it is deepened step by step from origin (when fetching is
// enabled), up to maxDeepen commits, before giving up.
func (g *Repo) MergeBase(ctx context.Context, a, b *object.Commit) (*object.Commit, error) {
	depth := 0
	for {
		base, err := g.mergeBase(a, b)
		if err == nil && base != nil {
			return base, nil
		}
		if err == nil {
			return nil, fmt.Errorf("%s and %s share no history: compare revisions of the same repository", short(a), short(b))
		}
		if !errors.Is(err, errIncomplete) {
			return nil, fmt.Errorf("merge base of %s and %s: %w", short(a), short(b), err)
		}
		if g.remote == nil || depth >= maxDeepen {
			return nil, g.noMergeBase(a, b, depth, err)
		}
		depth = nextDepth(depth)
		if ferr := g.fetch(ctx, depth, config.RefSpec(a.Hash.String()+":"+fetchRef+a.Hash.String()), config.RefSpec(b.Hash.String()+":"+fetchRef+b.Hash.String())); ferr != nil {
			return nil, g.noMergeBase(a, b, depth, ferr)
		}
	}
}

func (g *Repo) noMergeBase(a, b *object.Commit, depth int, err error) error {
	if depth > 0 {
		var what string
		var ferr *FetchError
		if errors.As(err, &ferr) {
			what = fetchNote(err)
		} else {
			what = fmt.Sprintf(" after fetching the last %d commits of each side from origin", depth)
		}
		return fmt.Errorf("no merge base of %s and %s in this clone%s: %s: %w", short(a), short(b), what, fetchDepthFix, ErrShallow)
	}
	return fmt.Errorf("no merge base of %s and %s in this clone: %s: %w", short(a), short(b), fetchDepthFix, ErrShallow)
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

// Walk calls fn with the path of every file at commit c, reading only
// trees (no file contents), until fn returns false.
func (g *Repo) Walk(c *object.Commit, fn func(path string) bool) error {
	t, err := c.Tree()
	if err != nil {
		return fmt.Errorf("read tree of %s: %w", short(c), err)
	}
	walker := object.NewTreeWalker(t, true, nil)
	defer walker.Close()
	for {
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("walk the tree of %s: %w", short(c), err)
		}
		if entry.Mode.IsFile() && !fn(name) {
			return nil
		}
	}
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

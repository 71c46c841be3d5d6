package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/schemagate/schemagate/internal/changes"
)

// contentsDirLimit is the most entries the contents API lists for one
// directory; a listing that reaches it is read through the git trees API.
const contentsDirLimit = 1000

// ListDir returns the names (not paths) of the files directly inside dir at
// ref (a branch name or commit SHA), sorted; subdirectories and submodules
// are left out. A dir that does not exist at ref, or a ref that does not
// exist, gives (nil, nil). dir "" or "." is the repository root.
func (c *Client) ListDir(ctx context.Context, owner, repo, ref, dir string) ([]string, error) {
	dir = cleanDir(dir)
	o := op{fmt.Sprintf("list directory %q of %s/%s at %q", displayDir(dir), owner, repo, ref), "contents: read"}
	if strings.Contains(dir, "..") {
		return nil, &APIError{Op: o.what, Message: "the path leaves the repository: use a path inside it"}
	}

	file, entries, _, err := c.gh.Repositories.GetContents(ctx, owner, repo, dir, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, c.fail(o, err)
	}
	if file != nil {
		return nil, &APIError{Op: o.what, Message: fmt.Sprintf("%q is a %s, not a directory: point the input at the migrations directory", displayDir(dir), file.GetType())}
	}
	if len(entries) >= contentsDirLimit {
		return c.listDirTree(ctx, o, owner, repo, ref, dir)
	}
	var names []string
	for _, e := range entries {
		switch e.GetType() {
		case "file", "symlink":
			names = append(names, e.GetName())
		}
	}
	sort.Strings(names)
	return names, nil
}

// listDirTree walks the git trees API from ref's root tree down to dir,
// one level at a time (the trees API takes a tree SHA or a ref name).
func (c *Client) listDirTree(ctx context.Context, o op, owner, repo, ref, dir string) ([]string, error) {
	if ref == "" { // the contents API read the default branch; so do we
		r, _, err := c.gh.Repositories.Get(ctx, owner, repo)
		if err != nil {
			return nil, c.fail(o, err)
		}
		ref = r.GetDefaultBranch()
	}
	tree, _, err := c.gh.Git.GetTree(ctx, owner, repo, ref, false)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, c.fail(o, err)
	}
	if dir != "" {
		for _, part := range strings.Split(dir, "/") {
			sha := ""
			for _, e := range tree.Entries {
				if e.GetPath() == part && e.GetType() == "tree" {
					sha = e.GetSHA()
					break
				}
			}
			if sha == "" {
				return nil, nil
			}
			if tree, _, err = c.gh.Git.GetTree(ctx, owner, repo, sha, false); err != nil {
				return nil, c.fail(o, err)
			}
		}
	}
	if tree.GetTruncated() {
		return nil, &APIError{Op: o.what, Message: "the git trees API truncated the directory listing: the directory is too large to read through the API; check it out with git instead"}
	}
	var names []string
	for _, e := range tree.Entries {
		if e.GetType() == "blob" {
			names = append(names, e.GetPath())
		}
	}
	sort.Strings(names)
	return names, nil
}

func cleanDir(dir string) string {
	dir = strings.Trim(strings.TrimSpace(dir), "/")
	if dir == "" {
		return ""
	}
	dir = path.Clean(dir)
	if dir == "." {
		return ""
	}
	return dir
}

func displayDir(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

func isNotFound(err error) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}

// File returns the content of the file at p at ref (a commit SHA or branch)
// through the contents API; ok is false when ref has no such file. Only a
// regular file of at most limit bytes is returned: a symbolic link (which
// the API would follow to its target), a directory, a submodule or a larger
// file is an error.
func (c *Client) File(ctx context.Context, owner, repo, ref, p string, limit int64) (data []byte, ok bool, err error) {
	p = cleanDir(p)
	o := op{fmt.Sprintf("read %q of %s/%s at %q", displayDir(p), owner, repo, ref), "contents: read"}
	if p == "" || strings.Contains(p, "..") {
		return nil, false, &APIError{Op: o.what, Message: "the path is not a file inside the repository: use a path relative to its root"}
	}
	file, _, _, err := c.gh.Repositories.GetContents(ctx, owner, repo, p, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		if isNotFound(err) {
			return nil, false, nil
		}
		return nil, false, c.fail(o, err)
	}
	switch {
	case file == nil:
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: "is a directory, not a file"}
	case file.GetType() != "file":
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: fmt.Sprintf("is a %s, not a regular file: schemagate reads only a plain file", file.GetType())}
	case file.GetPath() != p:
		// The contents API answers a symbolic link to a file with the
		// target's content and path.
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: fmt.Sprintf("is a symbolic link (to %q), not a regular file: schemagate reads only a plain file", file.GetPath())}
	case int64(file.GetSize()) > limit:
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: fmt.Sprintf("is %d bytes, over the %d-byte limit", file.GetSize(), limit)}
	case file.GetEncoding() == "none":
		// The contents API inlines files up to 1 MB only.
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: fmt.Sprintf("is %d bytes, more than the contents API returns inline: keep the file under 1 MB", file.GetSize())}
	}
	body, err := file.GetContent()
	if err != nil {
		return nil, true, &APIError{Op: o.what, Message: fmt.Sprintf("undecodable content: %v", err)}
	}
	if int64(len(body)) > limit {
		return nil, true, &APIError{Op: o.what, err: changes.ErrUnsafeFile, Message: fmt.Sprintf("is over the %d-byte limit", limit)}
	}
	return []byte(body), true, nil
}

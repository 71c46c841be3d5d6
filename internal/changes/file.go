package changes

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrUnsafeFile marks a file that is refused unread: a symbolic link, not
// a regular file, or over the size limit.
var ErrUnsafeFile = errors.New("refused: schemagate reads only a plain file of bounded size")

// File reads one file (slash-separated path relative to the root) at commit
// c; ok is false when the commit has no such file. Only a regular blob of at
// most limit bytes is read: a symbolic link (whose target may leave the
// tree), a directory or submodule, or a larger blob is an error, so that
// what a commit plants there is never followed or loaded whole.
func (g *Repo) File(c *object.Commit, p string, limit int64) (data []byte, ok bool, err error) {
	t, err := c.Tree()
	if err != nil {
		return nil, false, fmt.Errorf("read tree of %s: %w", short(c), err)
	}
	e, err := t.FindEntry(p)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read %s at %s: %w", p, short(c), err)
	}
	switch {
	case e.Mode == filemode.Symlink:
		return nil, true, fmt.Errorf("is a symbolic link at %s: %w", short(c), ErrUnsafeFile)
	case e.Mode != filemode.Regular && e.Mode != filemode.Executable && e.Mode != filemode.Deprecated:
		return nil, true, fmt.Errorf("is not a regular file at %s (git mode %s): %w", short(c), e.Mode, ErrUnsafeFile)
	}
	size, err := g.r.Storer.EncodedObjectSize(e.Hash)
	if err != nil {
		return nil, true, fmt.Errorf("read %s at %s: %w", p, short(c), err)
	}
	if size > limit {
		return nil, true, fmt.Errorf("is %d bytes at %s, over the %d-byte limit: %w", size, short(c), limit, ErrUnsafeFile)
	}
	blob, err := g.r.BlobObject(e.Hash)
	if err != nil {
		return nil, true, fmt.Errorf("read %s at %s: %w", p, short(c), err)
	}
	rd, err := blob.Reader()
	if err != nil {
		return nil, true, fmt.Errorf("read %s at %s: %w", p, short(c), err)
	}
	defer rd.Close()
	data, err = io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		return nil, true, fmt.Errorf("read %s at %s: %w", p, short(c), err)
	}
	if int64(len(data)) > limit {
		return nil, true, fmt.Errorf("is over the %d-byte limit at %s: %w", limit, short(c), ErrUnsafeFile)
	}
	return data, true, nil
}

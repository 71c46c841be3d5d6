package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/schemagate/schemagate/internal/config"
)

// migDir is one migrations directory as the linter reads it.
type migDir struct {
	dir       string // relative to the repository root
	head      fs.FS  // at the head of the change set; nil when absent there
	baseNames []string
}

// readDir reads the migrations directory rel (abs in the workspace) at the
// span's head and base: from git for a git span, from the workspace and the
// API's file list for a pull request listed by the API.
func (sp *span) readDir(ctx context.Context, o Options, rel, abs string) (*migDir, error) {
	switch {
	case sp.deletion:
		return &migDir{dir: rel}, nil
	case sp.pr != nil:
		return apiDir(ctx, o, sp, rel, abs)
	}
	dir, err := sp.repo.RelPath(abs)
	if err != nil {
		return nil, &config.InputError{Input: "migrations-path", Reason: err.Error()}
	}
	head, err := sp.repo.Dir(sp.headCommit, dir)
	if err != nil {
		return nil, err
	}
	baseNames, err := sp.repo.Names(sp.base, dir)
	if err != nil {
		return nil, err
	}
	return &migDir{dir: dir, head: head, baseNames: baseNames}, nil
}

// headDir opens the migrations directory in the workspace, or nil when it
// does not exist.
func headDir(rel, abs string) (fs.FS, error) {
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read migrations-path %s: %w", rel, err)
	}
	if !st.IsDir() {
		return nil, &config.InputError{Input: "migrations-path", Reason: fmt.Sprintf("%q is a file, not a directory: give the directory that holds the migration files", rel)}
	}
	return os.DirFS(abs), nil
}

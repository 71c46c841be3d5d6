package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/lint"
)

// Migrations is a change set as rehearse needs it: the migrations
// directory at the base revision, read from git, and the new migration
// files at the head.
type Migrations struct {
	// Range says what was compared, for the report.
	Range string
	// Base is the migrations directory at the base revision (nil when the
	// base has none); Head the same at the head of the change set.
	Base, Head fs.FS
	// New are the migration files the change set adds (repository paths),
	// as check reports them in new-migrations.
	New []string
}

// ResolveMigrations finds the change set exactly as Run does (the same
// range for the same event and inputs) and reads the base's migrations
// from git. It needs the history: a pull request's file list from the API
// says nothing about the base's file contents, so o.API is not used.
func ResolveMigrations(ctx context.Context, o Options) (*Migrations, error) {
	o.API = nil
	sp, err := resolve(ctx, o)
	if err != nil {
		if errors.Is(err, changes.ErrShallow) && o.Event.IsPullRequest() {
			// Not "no github-token ... git cannot stand in": git is the
			// only way here, whatever the token.
			if inner := errors.Unwrap(err); inner != nil {
				err = inner
			}
			return nil, fmt.Errorf("rehearse reads the base's migrations from git: %w", err)
		}
		return nil, err
	}
	defer sp.close()
	md, err := sp.readDir(ctx, o, o.Cfg.MigrationsPath, o.Cfg.MigrationsDir)
	if err != nil {
		return nil, err
	}
	out := &Migrations{Range: sp.desc, Head: md.head}
	if sp.base != nil && sp.repo != nil {
		out.Base, err = sp.repo.Dir(sp.base, md.dir)
		if err != nil {
			return nil, fmt.Errorf("read %s at the base %s: %w", md.dir, sp.base.Hash.String()[:12], err)
		}
	}
	lr, err := lint.Run(lint.Input{Dir: md.dir, Head: md.head, BaseNames: md.baseNames, Changes: sp.changes})
	if err != nil {
		return nil, err
	}
	out.New = lr.New
	return out, nil
}

package check

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/lint"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// KnownRule reports whether id names a rule (SG1xx or SG2xx): the config
// file's rules: key may only set rules that exist.
func KnownRule(id string) bool {
	for _, ids := range [][]string{lint.RuleIDs(), sqllint.RuleIDs()} {
		for _, known := range ids {
			if known == id {
				return true
			}
		}
	}
	return false
}

// revision is one side of the change set that a config file is read at.
type revision struct {
	what string // "the base 0123456789ab", for messages
	read func(ctx context.Context) (data []byte, ok bool, err error)
}

// configFile reads the config file at the base revision of the change set,
// so that a change set cannot loosen its own gate; where the base has none
// (the change set that adopts one), at the head. It returns nil when there
// is no config file at either (or config-file is empty), and the notes the
// report must carry; at says where the file was read ("the base
// 0123456789ab").
func configFile(ctx context.Context, o Options, sp *span) (f *config.File, at string, notes []string, err error) {
	cfg := o.Cfg
	if cfg.ConfigFile == "" || sp.deletion {
		return nil, "", nil, nil
	}
	rel, base, head, done, err := sp.configRevisions(ctx, o)
	if err != nil {
		return nil, "", nil, err
	}
	defer done()
	read := func(rev revision) ([]byte, bool, error) {
		data, ok, err := rev.read(ctx)
		switch {
		case errors.Is(err, changes.ErrUnsafeFile):
			return nil, ok, &config.InputError{Input: "config-file", Reason: fmt.Sprintf("%s at %s %v", cfg.ConfigFile, rev.what, err)}
		case err != nil:
			return nil, ok, fmt.Errorf("read config-file %s at %s: %w", cfg.ConfigFile, rev.what, err)
		}
		return data, ok, nil
	}
	rev := base
	data, ok, err := read(base)
	if err != nil {
		return nil, "", nil, err
	}
	if !ok {
		rev = head
		if data, ok, err = read(head); err != nil {
			return nil, "", nil, err
		}
		if !ok {
			if cfg.ConfigFileNamed {
				return nil, "", nil, &config.InputError{Input: "config-file", Reason: fmt.Sprintf(
					"%s exists at neither %s nor %s: check the path (relative to the repository root), or leave config-file at its default", cfg.ConfigFile, base.what, head.what)}
			}
			return nil, "", nil, nil
		}
		if !adds(sp.changes, rel) {
			// The head has the file from before the base removed it: the
			// base, without one, is what the change set is judged by. (Also
			// the safe reading should the base's answer be wrong: the
			// change set's own file never counts unless it adds it.)
			return nil, "", []string{fmt.Sprintf("%s has no %s, and this change set does not add one (the head has it from before the base removed it): judged without a config file, as the base is", base.what, cfg.ConfigFile)}, nil
		}
		notes = append(notes, fmt.Sprintf("%s has no %s: this change set adopts it and is judged by its own version (%s); from the next change set on, the base's version applies", base.what, cfg.ConfigFile, head.what))
	} else if edits(sp.changes, rel) {
		who := "this change set"
		if o.Event.IsPullRequest() && cfg.BaseRef == "" {
			who = "this pull request"
		}
		notes = append(notes, fmt.Sprintf("%s edits %s; it is judged by the base's version; the edits apply from the next change set", who, cfg.ConfigFile))
	}
	f, err = config.ParseFile(fmt.Sprintf("%s (at %s)", cfg.ConfigFile, rev.what), data, cfg, KnownRule)
	if err != nil {
		return nil, "", nil, err
	}
	return f, rev.what, notes, nil
}

// adds reports whether the change set creates the file at rel.
func adds(chs []changes.Change, rel string) bool {
	for _, c := range chs {
		if c.Path == rel && (c.Status == changes.Added || c.Status == changes.Copied || c.Status == changes.Renamed) {
			return true
		}
	}
	return false
}

// edits reports whether the change set touches the file at rel.
func edits(chs []changes.Change, rel string) bool {
	for _, c := range chs {
		if c.Path == rel || c.PreviousPath == rel {
			return true
		}
	}
	return false
}

// configRevisions says where the config file is read: for a git span, the
// span's base and head commits; for a pull request listed by the API, git
// at the pull request's base and head SHAs when the clone has them (or can
// fetch them), else GitHub's contents API at those SHAs (the head also
// from the workspace when it is checked out there). rel is the file's path
// from the repository root; done releases what was opened.
func (sp *span) configRevisions(ctx context.Context, o Options) (rel string, base, head revision, done func(), err error) {
	cfg := o.Cfg
	abs := filepath.Join(cfg.Workspace, filepath.FromSlash(cfg.ConfigFile))
	done = func() {}
	gitFile := func(c *object.Commit) func(ctx context.Context) ([]byte, bool, error) {
		return func(context.Context) ([]byte, bool, error) { return sp.repo.File(c, rel, config.MaxConfigFile) }
	}
	if sp.pr == nil {
		if rel, err = repoPath(sp.repo, abs); err != nil {
			return "", base, head, done, &config.InputError{Input: "config-file", Reason: err.Error()}
		}
		base = revision{"the base " + sp.base.Hash.String()[:12], gitFile(sp.base)}
		head = revision{"the head " + sp.headCommit.Hash.String()[:12], gitFile(sp.headCommit)}
		return rel, base, head, done, nil
	}

	pr := sp.pr
	rel = cfg.ConfigFile
	repo, rerr := openRepo(cfg)
	if rerr == nil {
		done = func() { repo.Close() }
		if r, err := repoPath(repo, abs); err == nil {
			rel = r
		}
	}
	at := func(sha, what string) revision {
		api := func(ctx context.Context) ([]byte, bool, error) {
			return o.API.File(ctx, o.Event.Owner, o.Event.Repo, sha, rel, config.MaxConfigFile)
		}
		rev := revision{what: fmt.Sprintf("the %s %s", what, sha[:12]), read: api}
		if repo == nil {
			return rev
		}
		rev.read = func(ctx context.Context) ([]byte, bool, error) {
			c, err := repo.Commit(ctx, sha, "pull_request."+what+".sha")
			if err != nil {
				return api(ctx) // neither in the clone nor fetchable
			}
			return repo.File(c, rel, config.MaxConfigFile)
		}
		return rev
	}
	base, head = at(pr.BaseSHA, "base"), at(pr.HeadSHA, "head")
	if repo == nil || repo.HeadIs(pr.HeadSHA) {
		// The workspace is the head (or GitHub's merge commit, which holds
		// the head's version of a file the base lacks).
		head.read = func(context.Context) ([]byte, bool, error) {
			data, ok, err := config.ReadRegular(abs)
			if err != nil {
				err = fmt.Errorf("%v: %w", err, changes.ErrUnsafeFile)
			}
			return data, ok, err
		}
	}
	return rel, base, head, done, nil
}

// repoPath is the config file's path from the repository root. Only its
// directory is resolved: the file itself may be a symlink the check must
// refuse, not follow.
func repoPath(repo *changes.Repo, abs string) (string, error) {
	dir, err := repo.RelPath(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return path.Join(dir, filepath.Base(abs)), nil
}

// Package check is the check command: it finds the change set for the event
// (GitHub API for pull requests, git for everything else), classifies it as
// schema, code, mixed or none, applies the override label, and lints the
// migrations directory. It returns a Result and prints nothing.
package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/lint"
	"github.com/schemagate/schemagate/internal/safefs"
)

// API is what check needs from GitHub's REST API.
type API interface {
	PullRequestFiles(ctx context.Context, owner, repo string, number int) ([]changes.Change, error)
	Labels(ctx context.Context, owner, repo string, number int) ([]string, error)
	ListDir(ctx context.Context, owner, repo, ref, dir string) ([]string, error)
}

// SQLFile is one up migration handed to the SQL rules.
type SQLFile struct {
	Path string // repository path, as findings name it
	Src  []byte
}

// SQLLinter runs the SQL safety rules over the change set's new or changed
// up migrations (changed), knowing the schema that the base's other up
// migrations build (base); both in version order. Notes are for the report
// (a base history that could not be read, say). It returns ctx's error as
// soon as ctx is cancelled.
type SQLLinter func(ctx context.Context, dialect string, base, changed []SQLFile) (findings []finding.Finding, notes []string, err error)

// Options are the inputs of a check.
type Options struct {
	Cfg   *config.Config
	Event *event.Event
	// API is nil when there is no token; then pull requests use git and the
	// payload's labels.
	API API
	// SQL lints changed up migrations; nil turns the SQL rules off.
	SQL SQLLinter
}

// Result is the outcome of a check.
type Result struct {
	// Range says what was compared, for the report.
	Range string
	// Source is "github-api" or "git".
	Source string
	// PR is the pull request number, 0 when not a pull request.
	PR      int
	Changes []changes.Change
	Class   classify.Result
	// Label is the override label; Overridden is true when it let a mixed
	// change set pass.
	Label      string
	Overridden bool
	// NewMigrations are the migration files the change set adds.
	NewMigrations []string
	Findings      []finding.Finding
	// Notes are things the report should mention (fallbacks taken).
	Notes []string
	// Failed is true when the check fails: a mixed change set without the
	// label, or an error finding.
	Failed bool
}

// span is a resolved change set and what the linter reads.
type span struct {
	desc, source string
	changes      []changes.Change
	dir          string // migrations dir relative to the repository root
	head         fs.FS
	baseNames    []string
	notes        []string
	// repo and headCommit are set for git spans (repo is closed by Run);
	// base is the commit baseNames come from, when git resolved the range.
	repo       *changes.Repo
	headCommit *object.Commit
	base       *object.Commit
	// deletion is a deleted branch: there is nothing to check.
	deletion bool
}

// close releases the span's repository; it may be called twice.
func (sp *span) close() {
	if sp.repo != nil {
		sp.repo.Close()
		sp.repo, sp.headCommit = nil, nil
	}
}

// Run runs the check.
func Run(ctx context.Context, o Options) (*Result, error) {
	sp, err := resolve(ctx, o)
	if err != nil {
		return nil, err
	}
	defer sp.close()
	res := &Result{Range: sp.desc, Source: sp.source, Changes: sp.changes, Notes: sp.notes}
	if o.Cfg.RangeNote != "" {
		res.Notes = append([]string{o.Cfg.RangeNote}, res.Notes...)
	}
	res.Class = o.Cfg.Rules.Classify(changes.Paths(sp.changes))
	if err := checkPaths(o.Cfg, sp, res.Class); err != nil {
		return nil, err
	}
	// Nothing reads git from here on: release the object storage (its
	// pack index and caches) before the linter and the reporters allocate.
	sp.close()
	res.Label = o.Cfg.AllowMixedLabel

	if pr := o.Event.PullRequest; pr != nil && o.Cfg.BaseRef == "" {
		res.PR = pr.Number
	}
	if res.Class.Kind == classify.KindMixed && res.Label != "" && res.PR > 0 {
		labels, note := labels(ctx, o)
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
		res.Overridden = slices.Contains(labels, res.Label)
	}

	lr, err := lint.Run(lint.Input{
		Dir: sp.dir, Head: sp.head, BaseNames: sp.baseNames, Changes: sp.changes, RequireDown: o.Cfg.RequireDown,
		SQLDialect: o.Cfg.SQLDialect,
	})
	if err != nil {
		return nil, err
	}
	res.NewMigrations = lr.New
	res.Findings = lr.Findings
	if o.SQL != nil && o.Cfg.SQLDialect != "none" && sp.head != nil {
		var changed []SQLFile
		for _, file := range byVersion(lr.Touched) {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("check cancelled before the SQL rules read %s: %w", file, err)
			}
			// lint never lists a file SG108 refuses; safefs checks again.
			src, err := safefs.ReadFile(sp.head, path.Base(file))
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", file, err)
			}
			changed = append(changed, SQLFile{Path: file, Src: src})
		}
		base, note := baseMigrations(sp.head, sp.dir, sp.baseNames, lr.Touched)
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
		found, notes, err := o.SQL(ctx, o.Cfg.SQLDialect, base, changed)
		if err != nil {
			return nil, fmt.Errorf("check cancelled while the SQL rules ran: %w", err)
		}
		res.Findings = append(res.Findings, found...)
		res.Notes = append(res.Notes, notes...)
		finding.Sort(res.Findings)
	}
	res.Failed = (res.Class.Kind == classify.KindMixed && !res.Overridden) || finding.HasErrors(res.Findings)
	return res, nil
}

// labels reads the pull request's labels live (so re-runs and
// labeled/unlabeled events see the current set), falling back to the
// payload when there is no token or the API fails.
func labels(ctx context.Context, o Options) ([]string, string) {
	pr := o.Event.PullRequest
	if o.API == nil {
		return pr.Labels, "labels taken from the event payload (no github-token): a re-run does not see labels added since"
	}
	ls, err := o.API.Labels(ctx, o.Event.Owner, o.Event.Repo, pr.Number)
	if err != nil {
		return pr.Labels, fmt.Sprintf("could not read the pull request's labels (%v); used the event payload's", err)
	}
	return ls, ""
}

// headDir opens the migrations directory in the workspace, or nil when it
// does not exist.
func headDir(cfg *config.Config) (fs.FS, error) {
	st, err := os.Stat(cfg.MigrationsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read migrations-path %s: %w", cfg.MigrationsPath, err)
	}
	if !st.IsDir() {
		return nil, &config.InputError{Input: "migrations-path", Reason: fmt.Sprintf("%q is a file, not a directory: give the directory that holds the migration files", cfg.MigrationsPath)}
	}
	return os.DirFS(cfg.MigrationsDir), nil
}

// Package check is the check command: it finds the change set for the event
// (GitHub API for pull requests, git for everything else), reads the config
// file's deploy units at the base revision, classifies the change set as
// schema, code, mixed or none (mixed when one unit has both), applies the
// override label, and lints each unit's migrations directory. It returns a
// Result and prints nothing.
package check

import (
	"context"
	"errors"
	"fmt"
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
	// File reads one file at ref (the config file at the base); ok is
	// false when there is none. It refuses a symlink or a file over limit
	// bytes with an error wrapping changes.ErrUnsafeFile.
	File(ctx context.Context, owner, repo, ref, path string, limit int64) (data []byte, ok bool, err error)
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
	// SQLFor, when set, builds the SQL linter instead of SQL, once the
	// base's config file has put its rule settings (RuleSeverity,
	// PostgresVersion, MySQLVersion) on the Config.
	SQLFor func(*config.Config) (SQLLinter, error)
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
	// Units is each deploy unit's share, in the config file's order. It
	// always holds at least one unit: without a config file (or with one
	// that has no units: key) the one unit the inputs describe, Name "".
	Units []UnitResult
	// ConfigFile is the config file the check was judged by ("" when
	// none), as read at the base (or at the head on first adoption).
	ConfigFile string
	// ConfigAt says where it was read: "the base 0123456789ab" (or the
	// head, when the base has none).
	ConfigAt string
}

// UnitResult is one deploy unit's share of the change set.
type UnitResult struct {
	// Name is the unit's name; "" for the one unit the inputs describe.
	Name           string
	MigrationsPath string
	SQLDialect     string
	// Result holds the unit's kind and its schema and code files (a shared
	// code path is in every unit that lists it).
	classify.Result
	// Findings is how many findings the unit's migrations directory has.
	Findings int
}

// span is a resolved change set; its migrations directories are read
// with readDir.
type span struct {
	desc, source string
	changes      []changes.Change
	notes        []string
	// repo, headCommit and base are set for git spans (repo is closed by
	// Run); base is the commit whose migration names new ones must exceed
	// and whose config file the check is judged by.
	repo       *changes.Repo
	headCommit *object.Commit
	base       *object.Commit
	// pr is set when the API listed the pull request's files.
	pr *event.PullRequest
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
	res := &Result{Range: sp.desc, Source: sp.source, Changes: sp.changes}
	file, at, notes, err := configFile(ctx, o, sp)
	if err != nil {
		return nil, err
	}
	units := []config.Unit{o.Cfg.InputUnit()}
	if file != nil {
		units = file.Units
		res.ConfigFile, res.ConfigAt = o.Cfg.ConfigFile, at
	}
	// The base's rule settings are what the SQL rules apply (o.SQL reads
	// them from the Config).
	o.Cfg.SetRuleSettings(file)
	if o.SQLFor != nil {
		if o.SQL, err = o.SQLFor(o.Cfg); err != nil {
			var in *config.InputError
			if !errors.As(err, &in) {
				err = &config.InputError{Input: "config-file", Reason: err.Error()}
			}
			return nil, err
		}
	}
	res.Class, res.Units = classifyUnits(o.Cfg, units, changes.Paths(sp.changes))
	dirs := make([]*migDir, len(units))
	for i, u := range units {
		if dirs[i], err = sp.readDir(ctx, o, u.MigrationsPath, u.MigrationsDir); err != nil {
			return nil, unitErr(u, err)
		}
		if err := checkPaths(o.Cfg, sp, u, dirs[i], res.Units[i].Result); err != nil {
			return nil, err
		}
	}
	if o.Cfg.RangeNote != "" {
		res.Notes = append(res.Notes, o.Cfg.RangeNote)
	}
	res.Notes = append(append(res.Notes, sp.notes...), notes...)
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

	for i, u := range units {
		found, newMigs, notes, err := lintUnit(ctx, o, u, dirs[i], sp.changes)
		if err != nil {
			return nil, unitErr(u, err)
		}
		res.Notes = append(res.Notes, notes...)
		res.Units[i].Findings = len(found)
		res.Findings = append(res.Findings, found...)
		res.NewMigrations = append(res.NewMigrations, newMigs...)
	}
	finding.Sort(res.Findings)
	slices.Sort(res.NewMigrations)
	res.Failed = (res.Class.Kind == classify.KindMixed && !res.Overridden) || finding.HasErrors(res.Findings)
	return res, nil
}

// classifyUnits classifies the change set for the units. The one unit the
// inputs describe is classified exactly as the inputs say; the units of a
// config file share ignore-paths, and a change set is mixed only when one
// unit has both schema and code.
func classifyUnits(cfg *config.Config, units []config.Unit, paths []string) (classify.Result, []UnitResult) {
	out := make([]UnitResult, len(units))
	for i, u := range units {
		out[i] = UnitResult{Name: u.Name, MigrationsPath: u.MigrationsPath, SQLDialect: u.SQLDialect}
	}
	if len(units) == 1 && units[0].Name == "" {
		r := classify.Rules{Ignore: cfg.Rules.Ignore, Schema: units[0].Schema, Code: units[0].Code}
		out[0].Result = r.Classify(paths)
		return out[0].Result, out
	}
	cu := make([]classify.Unit, len(units))
	for i, u := range units {
		cu[i] = classify.Unit{Name: u.Name, Schema: u.Schema, Code: u.Code}
	}
	all, per := classify.ClassifyUnits(cfg.Rules.Ignore, cu, paths)
	for i := range per {
		out[i].Result = per[i].Result
	}
	return all, out
}

// lintUnit lints one unit's migrations directory: the migration rules
// (SG1xx), then the SQL rules in the unit's dialect on every new or changed
// up migration.
func lintUnit(ctx context.Context, o Options, u config.Unit, md *migDir, chs []changes.Change) ([]finding.Finding, []string, []string, error) {
	lr, err := lint.Run(lint.Input{
		Dir: md.dir, Head: md.head, BaseNames: md.baseNames, Changes: chs, RequireDown: o.Cfg.RequireDown,
		SQLDialect: u.SQLDialect,
	})
	if err != nil {
		return nil, nil, nil, err
	}
	found := lr.Findings
	if o.SQL == nil || u.SQLDialect == "none" || md.head == nil {
		return found, lr.New, nil, nil
	}
	var changed []SQLFile
	for _, file := range byVersion(lr.Touched) {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, fmt.Errorf("check cancelled before the SQL rules read %s: %w", file, err)
		}
		// lint never lists a file SG108 refuses; safefs checks again.
		src, err := safefs.ReadFile(md.head, path.Base(file))
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read %s: %w", file, err)
		}
		changed = append(changed, SQLFile{Path: file, Src: src})
	}
	base, note := baseMigrations(md.head, md.dir, md.baseNames, lr.Touched)
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	sql, sqlNotes, err := o.SQL(ctx, u.SQLDialect, base, changed)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("check cancelled while the SQL rules ran: %w", err)
	}
	return append(found, sql...), lr.New, append(notes, sqlNotes...), nil
}

// unitErr names the unit of a config file in an error about its
// migrations directory.
func unitErr(u config.Unit, err error) error {
	var in *config.InputError
	if u.Name == "" || !errors.As(err, &in) || in.Input != "migrations-path" {
		return err
	}
	return &config.InputError{Input: "config-file", Reason: fmt.Sprintf("unit %s: migrations-path: %s", u.Name, in.Reason)}
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

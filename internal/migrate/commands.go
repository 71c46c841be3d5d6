package migrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	gm "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// Plan reads the version, the dirty flag and the pending migrations. It
// takes no lock, runs no migration and writes nothing (see readState): a
// database without golang-migrate's version table stays without one.
func Plan(ctx context.Context, o Options) (res *Result, err error) {
	s, err := begin(ctx, "plan", o, readOnly)
	defer func() { err = errors.Join(err, s.end()) }()
	if err != nil {
		return s.res, err
	}
	if s.res.Before.Dirty {
		s.res.Recovery = s.dirtyRecovery()
	}
	return s.res, nil
}

// Verify is the code-deploy gate: it fails while the database is dirty or
// lacks a migration of the directory. Like Plan it only reads, so a
// read-only database user can run it. A database ahead of the directory
// passes (Result.Ahead).
func Verify(ctx context.Context, o Options) (res *Result, err error) {
	s, err := begin(ctx, "verify", o, readOnly)
	defer func() { err = errors.Join(err, s.end()) }()
	if err != nil {
		return s.res, err
	}
	r := s.res
	if r.Before.Dirty {
		r.Recovery = s.dirtyRecovery()
		return r, failed(fmt.Sprintf("deploy the schema first: the %s is dirty at version %d (a migration failed part-way); recover it with force, then migrate", s.where(), r.Before.Version), nil)
	}
	if len(r.Pending) > 0 {
		msg := fmt.Sprintf("deploy the schema first: %d pending: %s. Run the migrate job for this commit, then deploy the code", len(r.Pending), stepNames(r.Pending, 10))
		if r.Drift {
			msg += fmt.Sprintf(". Also, database version %d has no file in %s (drift)", r.Before.Version, r.MigrationsPath)
		}
		return r, failed(msg, nil)
	}
	return r, nil
}

// Migrate applies the pending migrations, or moves to target (which may lie
// below the current version) when hasTarget.
func Migrate(ctx context.Context, o Options, target uint, hasTarget bool) (res *Result, err error) {
	s, err := beginMigration(ctx, "migrate", o)
	defer func() { err = errors.Join(err, s.end()) }()
	if err != nil {
		return s.res, err
	}
	r := s.res
	if r.Ahead && !hasTarget {
		r.NoChange = true
		return r, nil
	}
	if hasTarget && s.files.index(target) < 0 {
		return r, inputError("target-version", fmt.Sprintf("%d is not a version in %s: valid versions are %s", target, r.MigrationsPath, versionList(s.files.versions())), nil)
	}
	if r.Ahead || r.Drift {
		return r, s.driftError()
	}
	var plan []Step
	switch {
	case !hasTarget:
		plan = s.files.upSteps(r.Before, 0, false)
	case !r.Before.HasVersion || target > r.Before.Version:
		plan = s.files.upSteps(r.Before, target, true)
	default:
		plan = s.files.downSteps(r.Before, target, true, 0)
		if err := s.needDownFiles(plan, "target-version"); err != nil {
			return r, err
		}
	}
	if len(plan) == 0 {
		r.NoChange = true
		return r, nil
	}
	return r, s.run(ctx, plan, func(m *gm.Migrate) error {
		if !hasTarget {
			return m.Up()
		}
		return m.Migrate(target)
	})
}

// Down rolls back n migrations.
func Down(ctx context.Context, o Options, n int) (res *Result, err error) {
	s, err := beginMigration(ctx, "down", o)
	defer func() { err = errors.Join(err, s.end()) }()
	if err != nil {
		return s.res, err
	}
	r := s.res
	if r.Ahead || r.Drift {
		return r, s.driftError()
	}
	if n < 1 {
		return r, inputError("steps", fmt.Sprintf("%d is not a number of migrations to roll back: give a whole number >= 1", n), nil)
	}
	plan := s.files.downSteps(r.Before, 0, false, n)
	if len(plan) < n {
		return r, inputError("steps", fmt.Sprintf("%d migrations to roll back, but the database at version %s has only %d applied: give steps %d or less", n, r.Before, len(plan), len(plan)), nil)
	}
	if err := s.needDownFiles(plan, "steps"); err != nil {
		return r, err
	}
	return r, s.run(ctx, plan, func(m *gm.Migrate) error { return m.Steps(-n) })
}

// Force sets the version (-1 for none) and clears the dirty flag, without
// running any migration.
func Force(ctx context.Context, o Options, version int) (res *Result, err error) {
	s, err := begin(ctx, "force", o, writes)
	defer func() { err = errors.Join(err, s.end()) }()
	if err != nil {
		return s.res, err
	}
	r := s.res
	if version < -1 {
		return r, inputError("version", fmt.Sprintf("%d is not a version: give a whole number >= 0, or -1 for none", version), nil)
	}
	if version >= 0 && s.files.index(uint(version)) < 0 {
		return r, inputError("version", fmt.Sprintf("%d is not a version in %s: valid versions are %s, or -1 for none", version, r.MigrationsPath, versionList(s.files.versions())), nil)
	}
	return r, s.run(ctx, nil, func(m *gm.Migrate) error { return m.Force(version) })
}

// beginMigration begins a command that runs migration files (migrate,
// down): like begin with writes, and it refuses a dirty database (see
// refuseUnsafe). The caller ends the session, also on an error.
func beginMigration(ctx context.Context, command string, o Options) (*session, error) {
	s, err := begin(ctx, command, o, writes)
	if err != nil {
		return s, err
	}
	return s, s.refuseUnsafe()
}

// refuseUnsafe stops migrate and down on a dirty database.
func (s *session) refuseUnsafe() error {
	r := s.res
	if !r.Before.Dirty {
		return nil
	}
	r.Recovery = s.dirtyRecovery()
	return failed(fmt.Sprintf("the %s is dirty at version %d: a migration failed part-way, and golang-migrate will not run %s until the database is repaired. Make the database match version %s again, then run force with version %d (see the recovery steps)", s.where(), r.Before.Version, r.Command, forceName(r.Recovery.ForceVersion), r.Recovery.ForceVersion), nil)
}

func (s *session) dirtyRecovery() *Recovery {
	v := s.res.Before.Version
	prev := s.files.previous(v)
	if !s.res.Before.HasVersion {
		prev = -1
	}
	tx, _ := s.db.transactional()
	return &Recovery{DirtyVersion: v, ForceVersion: prev, Partial: !tx}
}

func (s *session) driftError() error {
	r := s.res
	if r.Ahead {
		return failed(fmt.Sprintf("the %s is at version %d, above every file in %s (newest %s): it was migrated from a newer commit. Run %s from that commit", s.where(), r.Before.Version, r.MigrationsPath, latestName(r), r.Command), nil)
	}
	return failed(fmt.Sprintf("drift: the %s is at version %d, which has no file in %s (versions there: %s). A migration file was deleted or renamed, or the database was migrated from another branch. Restore the file, or run force with a version that matches the database's schema", s.where(), r.Before.Version, r.MigrationsPath, versionList(s.files.versions())), nil)
}

func (s *session) needDownFiles(plan []Step, input string) error {
	for _, st := range plan {
		if st.File == "" {
			return inputError(input, fmt.Sprintf("version %d has no down file in %s: rolling it back would only change the version number, not the schema. Add %d_<title>.down.sql, or move forward with a new migration", st.Version, s.res.MigrationsPath, st.Version), nil)
		}
	}
	return nil
}

// run hands the plan to golang-migrate's Migrate and records what it did.
// A cancelled ctx stops the run between migrations (see observed): the
// migration in flight finishes, no later one starts.
func (s *session) run(ctx context.Context, plan []Step, call func(*gm.Migrate) error) error {
	r := s.res
	src, err := iofs.New(os.DirFS(s.o.Dir), ".")
	if err != nil {
		return inputError("migrations-path", "read "+r.MigrationsPath, err)
	}
	defer src.Close()
	clean := -1
	if r.Before.HasVersion {
		clean = int(r.Before.Version)
	}
	obs := &observed{Driver: &statedDriver{Driver: s.c.drv, db: s.db}, progress: s.o.Progress, plan: plan, clean: clean, ctx: ctx}
	m, err := gm.NewWithInstance("iofs", src, s.db.Scheme, obs)
	if err != nil {
		return failed("start golang-migrate", err)
	}
	m.LockTimeout = s.o.LockTimeout

	runErr := call(m)
	applied, inFlight, lastClean := obs.result()
	r.Applied = applied
	after, verr := s.version()
	if verr == nil {
		r.After = after
		s.classify()
	}
	stopped := errors.Is(runErr, errStopped)
	switch {
	case runErr == nil || stopped || errors.Is(runErr, gm.ErrNoChange):
		if len(applied) == 0 && r.Command != "force" {
			r.NoChange = true
		}
	case inFlight != nil:
		r.Failure = s.failure(*inFlight, runErr)
		r.Recovery = &Recovery{DirtyVersion: r.After.Version, ForceVersion: lastClean, Partial: !r.Failure.RolledBack}
		return failed(fmt.Sprintf("migration %s failed: %s", inFlight.Name(), r.Failure.Reason), nil)
	default:
		return failed(r.Command+" failed on the "+s.where(), runErr)
	}
	if verr != nil {
		return verr
	}
	if stopped {
		r.Cancelled = true
		return failed(fmt.Sprintf("cancelled: stopped after the migration in flight; %d applied, the database is at version %s and clean, the lock is released", len(applied), r.After), nil)
	}
	return nil
}

// failure reads the failing statement and its line (see statedDriver)
// and the engine's message, once.
func (s *session) failure(st Step, err error) *Failure {
	f := &Failure{Step: st, Reason: engineMessage(err)}
	var se *stmtError
	if errors.As(err, &se) {
		f.Line = se.Line
		f.Statement = excerpt(se.Statement, 600)
		f.LineUnknown = se.Unknown
	}
	f.RolledBack, f.Transaction = s.db.transactional()
	return f
}

func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + " ..."
	}
	return s
}

func stepNames(steps []Step, max int) string {
	var names []string
	for i, s := range steps {
		if i == max {
			names = append(names, fmt.Sprintf("and %d more", len(steps)-max))
			break
		}
		names = append(names, s.Name())
	}
	return strings.Join(names, ", ")
}

func versionList(vs []uint) string {
	if len(vs) == 0 {
		return "(none: the directory has no migration files)"
	}
	var out []string
	for i, v := range vs {
		if i == 20 {
			out = append(out, "...")
			out = append(out, strconv.FormatUint(uint64(vs[len(vs)-1]), 10))
			break
		}
		out = append(out, strconv.FormatUint(uint64(v), 10))
	}
	return strings.Join(out, ", ")
}

func forceName(v int) string {
	if v < 0 {
		return "none (-1)"
	}
	return strconv.Itoa(v)
}

func latestName(r *Result) string {
	if !r.HasLatest {
		return "none"
	}
	return strconv.FormatUint(uint64(r.Latest), 10)
}

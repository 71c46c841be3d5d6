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
	s.loadHistory(ctx)
	s.res.PendingSQL = s.pendingSQL()
	if s.res.Before.Dirty {
		s.res.Recovery = s.advice(ctx, s.res.Before, nil)
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
	s.loadHistory(ctx)
	r := s.res
	if r.Before.Dirty {
		r.Recovery = s.advice(ctx, r.Before, nil)
		return r, failed(fmt.Sprintf("deploy the schema first: the %s is dirty at version %s (a migration did not complete): %s; then migrate", s.where(), forceName(r.Recovery.DirtyVersion), r.Recovery.Line()), nil)
	}
	if len(r.Pending) > 0 {
		msg := fmt.Sprintf("deploy the schema first: %d pending: %s. Run the migrate job for this commit, then deploy the code", len(r.Pending), stepNames(r.Pending, 10))
		if r.Drift {
			msg += fmt.Sprintf(". Also, database version %d has no file in %s (drift)", r.Before.Version, r.MigrationsPath)
		}
		return r, failed(msg, nil)
	}
	if r.History != nil {
		return r, mismatchError(r.History.Mismatches)
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
	return r, s.run(ctx, nil, func(m *gm.Migrate) error {
		return s.rec.force(version, s.forceFile(version), func() error { return m.Force(version) })
	})
}

// beginMigration begins a command that runs migration files (migrate,
// down): like begin with writes, and it refuses a dirty database (see
// refuseUnsafe). The caller ends the session, also on an error.
func beginMigration(ctx context.Context, command string, o Options) (*session, error) {
	if err := checkWindows(command, o); err != nil {
		return &session{res: &Result{Command: command, MigrationsPath: o.MigrationsPath, HeldBack: true}}, err
	}
	s, err := begin(ctx, command, o, writes)
	if err != nil {
		return s, err
	}
	return s, s.refuseUnsafe(ctx)
}

// refuseUnsafe stops migrate and down on a dirty database.
func (s *session) refuseUnsafe(ctx context.Context) error {
	r := s.res
	if !r.Before.Dirty {
		return nil
	}
	r.Recovery = s.advice(ctx, r.Before, nil)
	return failed(fmt.Sprintf("the %s is dirty at version %s: a migration did not complete, and golang-migrate will not run %s until the dirty flag is cleared. %s", s.where(), forceName(r.Recovery.DirtyVersion), r.Command, capitalize(r.Recovery.Line())), nil)
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
	if s.rec, err = s.startHistory(ctx); err != nil {
		return err
	}
	defer s.rec.close()
	// The observer is outermost, so it sees the migration's own Run and not
	// the statement lock timeout's SET and RESET around it; the stated
	// driver, innermost, locates a failing statement in its file.
	inner := s.lockTimed(&statedDriver{Driver: s.c.drv, db: s.db, abort: s.o.Abort})
	obs := &observed{Driver: inner, engine: s.db.Engine, progress: s.rec.wrap(s.o.Progress), plan: plan, clean: clean, ctx: ctx}
	m, err := gm.NewWithInstance("iofs", src, s.db.Scheme, obs)
	if err != nil {
		return failed("start golang-migrate", err)
	}
	m.LockTimeout = s.o.LockTimeout

	runErr := s.callWithRetries(ctx, m, obs, s.rec, func(m *gm.Migrate) error { return s.callAbortable(m, call) })
	applied, attempt, _ := obs.result()
	r.Applied = applied
	stopped := errors.Is(runErr, errStopped)
	if runErr == nil || stopped || errors.Is(runErr, gm.ErrNoChange) {
		after, verr := s.version()
		s.rec.settle(verr == nil)
		if verr != nil {
			return verr
		}
		r.After = after
		s.classify()
		if len(applied) == 0 && r.Command != "force" {
			r.NoChange = true
		}
		if stopped {
			r.Cancelled = true
			return failed(fmt.Sprintf("cancelled: stopped after the migration in flight; %d applied, the database is at version %s and clean, the lock is released", len(applied), r.After), nil)
		}
		return nil
	}
	// The run failed: the driver's connection may be dead with the server,
	// so the state is read back on a fresh one. The history row says
	// "unknown" unless the engine answered and the state read back.
	s.readBack(ctx)
	s.rec.settle(r.Unread == "" && (attempt == nil || attempt.Outcome != OutcomeUnknown))
	if attempt != nil {
		r.Failure = s.failure(*attempt, runErr)
	}
	switch {
	case r.Unread != "" && attempt != nil:
		r.Recovery = s.advice(ctx, s.markedDirty(attempt.Step), attempt)
	case r.Unread == "" && r.After.Dirty:
		r.Recovery = s.advice(ctx, r.After, attempt)
	}
	if attempt == nil {
		return failed(r.Command+" failed on the "+s.where(), runErr)
	}
	return failed(fmt.Sprintf("migration %s failed: %s", attempt.Step.Name(), r.Failure.Reason), nil)
}

// failure reads the failing statement and its line (see statedDriver)
// and the engine's message, once.
func (s *session) failure(at Attempt, err error) *Failure {
	f := &Failure{Step: at.Step, Reason: engineMessage(err), Outcome: at.Outcome}
	var se *stmtError
	if errors.As(err, &se) {
		f.Line = se.Line
		f.Statement = excerpt(se.Statement, 600)
		f.LineUnknown = se.Unknown
	}
	f.RolledBack, f.Transaction = rollbackNote(s.db, at.Outcome)
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

package migrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
)

// Options is what every command needs.
type Options struct {
	// URL is the golang-migrate database URL.
	URL string
	// Dir is the absolute migrations directory; MigrationsPath the same
	// relative to the workspace, for messages and file names.
	Dir            string
	MigrationsPath string
	// LockTimeout bounds every wait for the migration lock, including
	// opening the database (which takes the lock on PostgreSQL and MySQL).
	// plan and verify take no lock; it bounds their read of the version.
	LockTimeout time.Duration
	// Progress hears about each migration; nil for none.
	Progress Progress
	// Safety: history, migration windows, statement lock timeout (safety.go).
	Safety
	// Abort, when closed, cancels the statement in flight (the runner's
	// second signal; the first one cancels ctx, which stops the run between
	// migrations). nil: never.
	Abort <-chan struct{}
	// LastAttempt, when set, returns the last attempted migration step
	// recorded outside golang-migrate's version table (a history table),
	// nil when none is recorded. It makes the advice for a dirty database
	// exact where the version table is ambiguous.
	LastAttempt func(ctx context.Context) (*Attempt, error)
	// MatchSchema, when set, compares the live schema with the schema the
	// migrations produce at each candidate version (a scratch replay).
	MatchSchema func(ctx context.Context, candidates []int) (*SchemaMatch, error)
}

// session is one command's open database.
type session struct {
	o     Options
	db    *DB
	files *files
	c     *conn
	res   *Result
	rec   *recorder // history of this run (history.go); nil for none
}

// access is what a command may do to the database.
type access int

const (
	// readOnly (plan, verify) reads golang-migrate's version table directly
	// on a read-only connection: no lock, nothing created or written.
	readOnly access = iota
	// writes (migrate, down, force) opens golang-migrate's driver, which
	// creates the version table, and takes the migration lock.
	writes
)

// begin validates the URL, reads the directory, and reads the version:
// read-only, or through golang-migrate's driver holding the migration lock.
func begin(ctx context.Context, command string, o Options, mode access) (*session, error) {
	res := &Result{Command: command, MigrationsPath: o.MigrationsPath}
	db, err := ParseURL(o.URL)
	if err != nil {
		return &session{res: res}, err
	}
	res.Engine = db.Engine
	f, err := readFiles(os.DirFS(o.Dir), o.MigrationsPath)
	if err != nil {
		return &session{res: res}, err
	}
	res.Latest, res.HasLatest = f.latest()
	s := &session{o: o, db: db, files: f, res: res}

	if mode == readOnly {
		st, err := readState(ctx, db, o.LockTimeout)
		if err != nil {
			return s, err
		}
		res.Before, res.After, res.Connected = st, st, true
		s.classify()
		return s, nil
	}

	start := time.Now()
	deadline := start.Add(o.LockTimeout)
	c, err := open(ctx, db, deadline, o.Abort)
	if err != nil {
		res.LockWait = time.Since(start)
		return s, s.openError(err)
	}
	s.c = c
	if err := c.lock(ctx, deadline); err != nil {
		res.LockWait = time.Since(start)
		return s, s.lockError(err)
	}
	res.LockWait = time.Since(start)
	st, err := s.version()
	if err != nil {
		return s, err
	}
	res.Before, res.After, res.Connected = st, st, true
	s.classify()
	return s, nil
}

// end releases the lock and the connection.
func (s *session) end() error {
	if s.c == nil {
		return nil
	}
	err := s.c.close()
	s.c = nil
	if s.res.Unread != "" {
		// The connection died with the server: its session-level lock
		// ended with it, and the failure to release it says nothing more.
		return nil
	}
	return err
}

func (s *session) version() (State, error) {
	v, dirty, err := s.c.drv.Version()
	if err != nil {
		return State{}, failed(fmt.Sprintf("read the migration version from %s", s.where()), err)
	}
	if v == database.NilVersion || v < 0 {
		return State{Dirty: dirty}, nil
	}
	return State{Version: uint(v), HasVersion: true, Dirty: dirty}, nil
}

// classify sets Ahead, Drift and Pending from the current state.
func (s *session) classify() {
	r := s.res
	r.Ahead, r.Drift = false, false
	if r.After.HasVersion && s.files.index(r.After.Version) < 0 {
		if !r.HasLatest || r.After.Version > r.Latest {
			r.Ahead = true
		} else {
			r.Drift = true
		}
	}
	r.Pending = nil
	if !r.Ahead {
		r.Pending = s.files.upSteps(r.After, 0, false)
	}
}

func (s *session) where() string { return where(s.db) }

func isTimeout(err error) bool { return errors.Is(err, errTimeout) }

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (s *session) openError(err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return err
	case isTimeout(err):
		return failed(fmt.Sprintf("could not open the %s within lock-timeout %s: another migration run holds the migration lock (opening takes it on PostgreSQL and MySQL), or the server does not answer. Let the other run finish (queue runs with concurrency: in the workflow) or raise lock-timeout", s.where(), s.o.LockTimeout), nil)
	case isCancel(err):
		return failed("cancelled while opening the "+s.where()+"; nothing was applied", nil)
	case errors.Is(err, database.ErrLocked):
		return failed(fmt.Sprintf("another migration run holds the migration lock on the %s; waited lock-timeout %s. Let it finish (queue runs with concurrency: in the workflow) or raise lock-timeout", s.where(), s.o.LockTimeout), nil)
	}
	return connectError(s.db, err)
}

func (s *session) lockError(err error) error {
	switch {
	case isTimeout(err), errors.Is(err, database.ErrLocked):
		return failed(fmt.Sprintf("another migration run holds the migration lock on the %s; waited lock-timeout %s and gave up, nothing was applied. Let it finish (queue runs with concurrency: in the workflow) or raise lock-timeout", s.where(), s.o.LockTimeout), nil)
	case isCancel(err):
		return failed("cancelled while waiting for the migration lock; nothing was applied", nil)
	}
	return failed("take the migration lock on the "+s.where(), err)
}

// connectError names what went wrong connecting, from the driver's words.
// The driver's error is kept (callers redact it); the message holds only
// the host and database name.
func connectError(db *DB, err error) error {
	low := strings.ToLower(err.Error())
	where := where(db)
	var msg string
	switch {
	case strings.Contains(low, "password authentication failed"), strings.Contains(low, "access denied"),
		strings.Contains(low, "authentication failed"):
		msg = "wrong user or password for " + where + ": check the secret behind database-url"
	case strings.Contains(low, "unknown database"),
		strings.Contains(low, "database") && strings.Contains(low, "does not exist"):
		msg = where + " does not exist: create it, or fix the database name in database-url"
	case strings.Contains(low, "connection refused"), strings.Contains(low, "no such host"),
		strings.Contains(low, "i/o timeout"), strings.Contains(low, "network is unreachable"),
		strings.Contains(low, "no route to host"), strings.Contains(low, "dial "):
		msg = "cannot reach the server of " + where + ": check the host and port in database-url and that the runner can reach it"
	case strings.Contains(low, "cannot parse") || strings.Contains(low, "unrecognized configuration parameter") || strings.Contains(low, "wrong value for") || strings.Contains(low, "invalid dsn"):
		// The driver refused the URL before any connection was tried.
		msg = "the driver cannot use database-url for " + where + ": a parameter or value in it is not one the driver accepts (the driver's words follow)"
	case strings.Contains(low, "ssl") || strings.Contains(low, "tls"):
		msg = "TLS negotiation with " + where + " failed: check sslmode (PostgreSQL) or tls (MySQL) in database-url"
	case db.Engine == SQLite:
		msg = "cannot open " + where + ": check the path in database-url (relative to the workspace) and that its directory exists"
	default:
		msg = "cannot connect to " + where
	}
	return inputError("database-url", msg, err)
}

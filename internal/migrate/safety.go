package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	gm "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"

	"github.com/schemagate/schemagate/internal/window"
)

// Safety holds the settings that guard a run against production traffic:
// the history it leaves, the windows it may start in, and how it waits for
// table locks. The zero value keeps no history and applies no limit.
type Safety struct {
	History HistoryOptions
	// Windows are the migration windows of migrate and down (none: any
	// time); Now is the clock they are checked against (nil: time.Now).
	Windows []window.Window
	Now     func() time.Time
	// StatementLockTimeout is set as the session's lock_timeout
	// (PostgreSQL) or lock_wait_timeout (MySQL, MariaDB) on the connection
	// golang-migrate runs migrations on; 0 for none.
	StatementLockTimeout time.Duration
	// LockRetries is how often migrate retries a migration that failed for
	// a lock timeout and provably left nothing applied; RetryWait the first
	// backoff (doubling, at most 30 s; 0 for 1 s).
	LockRetries int
	RetryWait   time.Duration
}

// LockRetry is one retry of a migration after a lock timeout.
type LockRetry struct {
	Step    Step
	Attempt int
	Wait    time.Duration
	Reason  string
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// checkWindows refuses migrate and down outside every migration window,
// before anything touches the database.
func checkWindows(command string, o Options) error {
	err := window.Check(o.Windows, o.now())
	var closed *window.Closed
	if errors.As(err, &closed) {
		return failed(fmt.Sprintf("%s held back: %v. Nothing was run against the database (force is never held back)", command, closed), nil)
	}
	return err
}

// sessionLockTimeout is the statement that sets the lock timeout on a
// session and the one that puts the default back; "" for none (SQLite has
// one writer and no lock queue to cut).
func sessionLockTimeout(e Engine, d time.Duration) (set, reset string) {
	if d <= 0 {
		return "", ""
	}
	switch e {
	case Postgres:
		return fmt.Sprintf("SET lock_timeout = %d", d.Milliseconds()), "SET lock_timeout = DEFAULT"
	case MySQL:
		return fmt.Sprintf("SET SESSION lock_wait_timeout = %d", int64(math.Ceil(d.Seconds()))), "SET SESSION lock_wait_timeout = DEFAULT"
	}
	return "", ""
}

// lockTimedDriver sets statement-lock-timeout around each migration file,
// on the connection golang-migrate runs it on: through the driver's own Run,
// so it is that very connection (the postgres, pgx and mysql drivers each
// hold one). Only the file's statements run under it: the migration lock
// (PostgreSQL's lock_timeout bounds pg_advisory_lock too) is lock-timeout's
// business, and golang-migrate's version update (a TRUNCATE on PostgreSQL)
// must not fail after the migration applied, which would leave a finished
// migration marked dirty.
type lockTimedDriver struct {
	database.Driver
	set, reset string
}

func (s *session) lockTimed(d database.Driver) database.Driver {
	set, reset := sessionLockTimeout(s.db.Engine, s.o.StatementLockTimeout)
	if set == "" {
		return d
	}
	return &lockTimedDriver{Driver: d, set: set, reset: reset}
}

func (d *lockTimedDriver) Run(migration io.Reader) error {
	if err := d.Driver.Run(strings.NewReader(d.set)); err != nil {
		return fmt.Errorf("set statement-lock-timeout (%s) before the migration; nothing of it ran: %w", d.set, err)
	}
	runErr := d.Driver.Run(migration)
	if err := d.Driver.Run(strings.NewReader(d.reset)); err != nil && runErr == nil {
		return fmt.Errorf("the migration applied, but %s failed after it: %w", d.reset, err)
	}
	return runErr
}

// lockTimedOut reports whether a migration failed because its session's
// lock timeout ran out: SQLSTATE 55P03 lock_not_available on PostgreSQL,
// ER_LOCK_WAIT_TIMEOUT (1205) on MySQL and MariaDB.
func lockTimedOut(err error) bool {
	err = origErr(err)
	return err != nil && (hasSQLState(err, "55P03") || mysqlErrno(err, 1205))
}

// txControl finds statements that commit or open a transaction of their
// own: a PostgreSQL file holding one is no longer one implicit transaction,
// so a failure may have left its first part committed.
var txControl = regexp.MustCompile(`(?i)(^|;)\s*(begin|commit|end|rollback|abort|start\s+transaction|savepoint|release|prepare\s+transaction|vacuum|create\s+(unique\s+)?index\s+concurrently|drop\s+index\s+concurrently|reindex\s+\S*\s*concurrently|call)\b`)

// retryable says whether a failed step provably left nothing applied, so it
// can run again; else it says why not.
func (s *session) retryable(st Step, runErr error) (bool, string) {
	if !lockTimedOut(runErr) {
		return false, ""
	}
	switch s.db.Engine {
	case MySQL:
		return false, "not retried: MySQL and MariaDB commit each DDL statement on its own, so statements before the one that timed out may have taken effect"
	case SQLite:
		return false, "not retried: lock-retries covers PostgreSQL only"
	}
	if tx, why := s.db.transactional(); !tx {
		return false, "not retried: " + why
	}
	body, err := readRegular(filepath.Join(s.o.Dir, path.Base(st.File)), 1<<22)
	if err != nil {
		return false, "not retried: cannot read " + st.Name() + " again: " + err.Error()
	}
	if txControl.MatchString(stripSQLComments(string(body))) {
		return false, "not retried: " + st.Name() + " controls transactions itself (BEGIN, COMMIT, CONCURRENTLY, CALL ...), so part of it may have committed"
	}
	return true, ""
}

// stripSQLComments removes -- and /* */ comments, so a commented-out
// COMMIT does not count; quoted text is kept as is (a quoted ";COMMIT"
// only makes the check stricter).
var sqlComment = regexp.MustCompile(`(?s)--[^\n]*|/\*.*?\*/`)

func stripSQLComments(s string) string { return sqlComment.ReplaceAllString(s, " ") }

// callWithRetries runs call, retrying a migrate whose in-flight migration
// failed for a lock timeout and provably left nothing applied: the dirty
// flag golang-migrate set is reset to the last clean version (only then),
// and the run starts again after a backoff.
func (s *session) callWithRetries(ctx context.Context, m *gm.Migrate, obs *observed, rec *recorder, call func(*gm.Migrate) error) error {
	r := s.res
	for attempt := 1; ; attempt++ {
		err := call(m)
		_, inFlight, clean := obs.result()
		if err == nil || inFlight == nil || !lockTimedOut(err) {
			return err
		}
		if r.Command != "migrate" || s.o.LockRetries == 0 {
			return err
		}
		ok, why := s.retryable(inFlight.Step, err)
		if !ok || attempt > s.o.LockRetries {
			if !ok {
				r.LockRetryNote = why
			} else {
				r.LockRetryNote = fmt.Sprintf("gave up after %d retries (lock-retries %d): the table lock stayed taken", s.o.LockRetries, s.o.LockRetries)
			}
			return err
		}
		rec.settle(true)
		if verr := s.c.drv.SetVersion(clean, false); verr != nil {
			r.LockRetryNote = "not retried: resetting the dirty flag failed: " + verr.Error()
			return err
		}
		st, verr := s.version()
		if verr != nil || st.Dirty || (clean >= 0 && (!st.HasVersion || int(st.Version) != clean)) || (clean < 0 && st.HasVersion) {
			r.LockRetryNote = "not retried: the version did not read back as the last clean one after the reset"
			return err
		}
		obs.mu.Lock()
		obs.inFlight = nil
		obs.mu.Unlock()
		wait := s.o.RetryWait
		if wait <= 0 {
			wait = time.Second
		}
		wait = min(wait<<(attempt-1), 30*time.Second)
		r.LockRetries = append(r.LockRetries, LockRetry{Step: inFlight.Step, Attempt: attempt, Wait: wait, Reason: s.failure(*inFlight, err).Reason})
		if werr := sleep(ctx, wait); werr != nil {
			return errStopped
		}
	}
}

// readRegular reads a regular file, at most limit bytes (more is an error).
func readRegular(p string, limit int64) ([]byte, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", filepath.Base(p))
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", filepath.Base(p), limit)
	}
	return os.ReadFile(p)
}

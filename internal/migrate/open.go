package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	// The drivers the binary supports, all pure Go (CGO_ENABLED=0).
	_ "github.com/golang-migrate/migrate/v4/database/mysql"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/database/postgres"
	_ "github.com/golang-migrate/migrate/v4/database/sqlite"
)

// errTimeout is a wait that ran past the deadline.
var errTimeout = errors.New("timed out")

// bounded runs op in the background and waits for it until deadline or
// ctx's end. golang-migrate's drivers block without a context (PostgreSQL's
// pg_advisory_lock waits forever, also inside Open), so an abandoned op keeps
// running; cleanup runs on its result if it ever succeeds, so a lock taken
// late is released and its connection closed.
func bounded[T any](ctx context.Context, deadline time.Time, op func() (T, error), cleanup func(T)) (T, error) {
	type res struct {
		v   T
		err error
	}
	ch := make(chan res, 1)
	go func() {
		v, err := op()
		ch <- res{v, err}
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	var zero T
	select {
	case r := <-ch:
		return r.v, r.err
	case <-timer.C:
		err := errTimeout
		go func() {
			if r := <-ch; r.err == nil && cleanup != nil {
				cleanup(r.v)
			}
		}()
		return zero, err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.err == nil && cleanup != nil {
				cleanup(r.v)
			}
		}()
		return zero, ctx.Err()
	}
}

// conn is an open driver and the lock state around it.
type conn struct {
	db     *DB
	drv    database.Driver
	file   *fileLock // SQLite only: golang-migrate's SQLite lock is in-process
	locked bool
	// lost is true when a lock wait was abandoned: the driver is then busy
	// in the background and must not be used or closed here.
	lost bool
}

// open opens the database, waiting at most until deadline: opening may
// wait for the migration lock (PostgreSQL and MySQL take it to create the
// version table). abort interrupts SQLite statements (see openSQLite).
func open(ctx context.Context, db *DB, deadline time.Time, abort <-chan struct{}) (*conn, error) {
	c := &conn{db: db}
	if db.Engine == SQLite {
		// Serialise processes before the driver creates the version table.
		fl, err := lockFile(ctx, sqlitePath(db), deadline)
		if err != nil {
			return nil, err
		}
		c.file = fl
	}
	for {
		drv, err := bounded(ctx, deadline, func() (database.Driver, error) {
			if db.Engine == SQLite {
				return openSQLite(db, abort)
			}
			return database.Open(db.URL)
		}, func(d database.Driver) { _ = d.Close() })
		if err == nil {
			c.drv = drv
			return c, nil
		}
		// MySQL's GET_LOCK gives up after a fixed 10 s: try again until
		// our own deadline.
		if errors.Is(err, database.ErrLocked) && time.Now().Before(deadline) {
			if werr := sleep(ctx, 200*time.Millisecond); werr != nil {
				c.release()
				return nil, werr
			}
			continue
		}
		c.release()
		return nil, err
	}
}

// lock takes golang-migrate's migration lock, retrying a driver that gives
// up early, until deadline.
func (c *conn) lock(ctx context.Context, deadline time.Time) error {
	for {
		_, err := bounded(ctx, deadline, func() (struct{}, error) {
			return struct{}{}, c.drv.Lock()
		}, func(struct{}) { _ = c.drv.Unlock(); _ = c.drv.Close() })
		switch {
		case err == nil:
			c.locked = true
			return nil
		case errors.Is(err, errTimeout) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			c.lost = true
			return err
		case errors.Is(err, database.ErrLocked) && time.Now().Before(deadline):
			if werr := sleep(ctx, 200*time.Millisecond); werr != nil {
				return werr
			}
		default:
			return err
		}
	}
}

// close releases the lock and the connection. An abandoned driver cleans
// up after itself (see bounded).
func (c *conn) close() error {
	var errs []error
	if c.drv != nil && !c.lost {
		if c.locked {
			if err := c.drv.Unlock(); err != nil {
				errs = append(errs, fmt.Errorf("release the migration lock: %w", err))
			}
		}
		if err := c.drv.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close the database: %w", err))
		}
	}
	c.release()
	return errors.Join(errs...)
}

func (c *conn) release() {
	if c.file != nil {
		c.file.unlock()
		c.file = nil
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sqlitePath is the database file of a sqlite:// URL, as golang-migrate's
// driver derives it ("" for an in-memory database).
func sqlitePath(db *DB) string {
	p := strings.TrimPrefix(db.Name, "file:")
	if p == "" || strings.HasPrefix(p, ":memory:") {
		return ""
	}
	return p
}

package migrate

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gm "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	gmsqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
)

// The runner cancels a job with SIGINT, then SIGTERM 7.5 s later, then
// SIGKILL 2.5 s after that. The first signal stops the run between
// migrations (observed refuses the next one); Options.Abort, closed on the
// second, cancels the statement in flight so that the engine answers with an
// error before the kill, and the state is known:
//
//   - PostgreSQL: pg_cancel_backend on the migration's own backend, found
//     before the migration runs by the application_name this session sets.
//     The statement fails with SQLSTATE 57014 and the file's implicit
//     transaction rolls back.
//   - MySQL/MariaDB: KILL QUERY on the migration's connection, found by a
//     named lock the session takes (IS_USED_LOCK gives its connection id).
//     The statement fails; earlier DDL statements of the file stay
//     committed.
//   - SQLite: sqlite3_interrupt through the statement's context (the driver
//     is opened on a connector that ties every statement to Abort). The
//     statement fails and the driver rolls the file's transaction back.

// canceller cancels the statement in flight on the migration's connection,
// from another connection; it returns what it did, for the report.
type canceller func(ctx context.Context) string

// callAbortable runs call, cancelling the statement in flight when
// Options.Abort closes.
func (s *session) callAbortable(m *gm.Migrate, call func(*gm.Migrate) error) error {
	if s.o.Abort == nil || s.res.Command == "force" {
		return call(m)
	}
	cancel := s.canceller()
	done := make(chan struct{})
	note := make(chan string, 1)
	go func() {
		select {
		case <-s.o.Abort:
			ctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
			defer stop()
			note <- cancel(ctx)
		case <-done:
			note <- ""
		}
	}()
	err := call(m)
	close(done)
	s.res.Interrupted = <-note
	return err
}

// canceller identifies the migration's connection before anything runs.
func (s *session) canceller() canceller {
	ctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	switch s.db.Engine {
	case Postgres:
		return s.postgresCanceller(ctx)
	case MySQL:
		return s.mysqlCanceller(ctx)
	}
	return func(context.Context) string {
		return "the second signal interrupted the SQLite statement in flight (sqlite3_interrupt)"
	}
}

func (s *session) postgresCanceller(ctx context.Context) canceller {
	name := "schemagate " + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := s.c.drv.Run(strings.NewReader("SET application_name = '" + name + "'")); err != nil {
		return cannotCancel("set application_name on the migration's connection", err)
	}
	rd, err := postgresReadable(s.db)
	if err != nil {
		return cannotCancel("open a second connection", err)
	}
	var pid int64
	err = withConn(ctx, rd.driver, rd.dsn, func(db *sql.DB) error {
		return db.QueryRowContext(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", name).Scan(&pid)
	})
	if err != nil {
		return cannotCancel("find the migration's backend", err)
	}
	return func(ctx context.Context) string {
		var ok bool
		err := withConn(ctx, rd.driver, rd.dsn, func(db *sql.DB) error {
			return db.QueryRowContext(ctx, "SELECT pg_cancel_backend($1)", pid).Scan(&ok)
		})
		switch {
		case err != nil:
			return fmt.Sprintf("the second signal could not cancel the statement in flight (pg_cancel_backend(%d)): %v", pid, err)
		case !ok:
			return fmt.Sprintf("the second signal found no statement to cancel on backend %d", pid)
		}
		return fmt.Sprintf("the second signal cancelled the statement in flight (pg_cancel_backend(%d))", pid)
	}
}

func (s *session) mysqlCanceller(ctx context.Context) canceller {
	name := "schemagate-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := s.c.drv.Run(strings.NewReader("DO GET_LOCK('" + name + "', 0)")); err != nil {
		return cannotCancel("take a named lock on the migration's connection", err)
	}
	rd, err := mysqlReadable(s.db)
	if err != nil {
		return cannotCancel("open a second connection", err)
	}
	var id sql.NullInt64
	err = withConn(ctx, rd.driver, rd.dsn, func(db *sql.DB) error {
		return db.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&id)
	})
	if err == nil && !id.Valid {
		err = fmt.Errorf("no connection holds lock %s", name)
	}
	if err != nil {
		return cannotCancel("find the migration's connection id", err)
	}
	return func(ctx context.Context) string {
		err := withConn(ctx, rd.driver, rd.dsn, func(db *sql.DB) error {
			_, err := db.ExecContext(ctx, "KILL QUERY "+strconv.FormatInt(id.Int64, 10))
			return err
		})
		if err != nil {
			return fmt.Sprintf("the second signal could not cancel the statement in flight (KILL QUERY %d): %v", id.Int64, err)
		}
		return fmt.Sprintf("the second signal cancelled the statement in flight (KILL QUERY %d)", id.Int64)
	}
}

func cannotCancel(what string, err error) canceller {
	return func(context.Context) string {
		return fmt.Sprintf("the second signal could not cancel the statement in flight: could not %s before the run: %v", what, err)
	}
}

func withConn(ctx context.Context, driverName, dsn string, f func(*sql.DB) error) error {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	return f(db)
}

// openSQLite opens golang-migrate's sqlite driver as its Open does, on a
// connector whose statements are interrupted when abort closes.
func openSQLite(db *DB, abort <-chan struct{}) (database.Driver, error) {
	if abort == nil {
		return database.Open(db.URL)
	}
	u, err := url.Parse(db.URL)
	if err != nil {
		return nil, inputError("database-url", "is not a valid URL", nil)
	}
	dsn := strings.Replace(withoutCustom(u).String(), "sqlite://", "", 1)
	cfg := &gmsqlite.Config{DatabaseName: u.Path, MigrationsTable: db.Params.Get("x-migrations-table")}
	if v := db.Params.Get("x-no-tx-wrap"); v != "" {
		if cfg.NoTxWrap, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("x-no-tx-wrap: %w", err)
		}
	}
	sqldb, err := openSQLiteAbortable(dsn, abort)
	if err != nil {
		return nil, err
	}
	d, err := gmsqlite.WithInstance(sqldb, cfg)
	if err != nil {
		_ = sqldb.Close()
		return nil, err
	}
	return d, nil
}

// openSQLiteAbortable opens dsn with modernc's driver on connections whose
// statements are interrupted when abort closes (nil: never).
func openSQLiteAbortable(dsn string, abort <-chan struct{}) (*sql.DB, error) {
	if abort == nil {
		return sql.Open("sqlite", dsn)
	}
	probe, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	_ = probe.Close()
	return sql.OpenDB(abortConnector{drv: drv, dsn: dsn, abort: abort}), nil
}

// abortConnector opens connections whose statements end when abort closes.
type abortConnector struct {
	drv   driver.Driver
	dsn   string
	abort <-chan struct{}
}

func (c abortConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &abortConn{Conn: conn, abort: c.abort}, nil
}

func (c abortConnector) Driver() driver.Driver { return c.drv }

// abortConn passes every call to the driver's connection, with a context
// that also ends when abort closes (modernc's driver interrupts a statement
// whose context ends).
type abortConn struct {
	driver.Conn
	abort <-chan struct{}
}

func (c *abortConn) with(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-c.abort:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

func (c *abortConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	ctx, cancel := c.with(ctx)
	defer cancel()
	return e.ExecContext(ctx, query, args)
}

func (c *abortConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	// Rows outlive the call: no abort here (golang-migrate's queries are
	// the short reads of the version table).
	return q.QueryContext(ctx, query, args)
}

func (c *abortConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // the driver offers no BeginTx
}

func (c *abortConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// plan and verify promise to write nothing. golang-migrate's drivers cannot
// keep that promise: their Open creates the version table when it is missing
// and, on PostgreSQL and MySQL, takes the migration lock to do so (so a read
// would wait behind a running migration, and a read-only user could not read
// at all). The readers here read golang-migrate's version table directly,
// with database/sql and the same database/sql drivers and URL handling as
// golang-migrate, on a connection the engine itself keeps read-only; they
// take no lock and a missing table means no version.

// readable is one engine's read-only way to golang-migrate's version table.
type readable struct {
	// driver and dsn are handed to sql.Open.
	driver, dsn string
	// readOnlyTx runs the reads in a READ ONLY transaction (PostgreSQL,
	// MySQL). SQLite opens the file read-only instead.
	readOnlyTx bool
	// table names the version table for SELECT, resolving what the engine
	// resolves at run time (PostgreSQL's current schema).
	table func(ctx context.Context, q querier) (string, error)
	// missing says whether err means the version table does not exist.
	missing func(err error) bool
	// denied says whether err means the user may not read the table.
	denied func(err error) bool
	// grant is the fix for denied, for the message.
	grant func(table string) string
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readState reads the version and dirty flag without golang-migrate's
// driver, waiting at most timeout (the lock-timeout input: no lock is
// taken, but the server may not answer).
func readState(ctx context.Context, db *DB, timeout time.Duration) (State, error) {
	deadline := time.Now().Add(timeout)
	rctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	// bounded guarantees the deadline even if a driver ignores its context;
	// the read holds no lock, so an abandoned one needs no cleanup beyond
	// its context ending.
	st, err := bounded(ctx, deadline, func() (State, error) { return readEngine(rctx, db) }, nil)
	if err == nil {
		return st, nil
	}
	switch {
	case ctx.Err() != nil:
		return State{}, failed("cancelled while reading the migration version from the "+where(db)+"; nothing was changed", nil)
	case isTimeout(err) || !time.Now().Before(deadline):
		return State{}, failed(fmt.Sprintf("the %s did not answer within lock-timeout %s while reading the migration version (plan and verify take no lock, so a running migration does not hold them up): check that the server is up and reachable from the runner, or raise lock-timeout", where(db), timeout), nil)
	}
	return State{}, err
}

func readEngine(ctx context.Context, db *DB) (State, error) {
	r, none, err := readableFor(db)
	if err != nil || none {
		return State{}, err
	}
	return r.read(ctx, db)
}

// readableFor is db's engine's reader; none is true when there is nothing
// to read (a SQLite file not created yet, or in memory).
func readableFor(db *DB) (r *readable, none bool, err error) {
	switch db.Engine {
	case Postgres:
		r, err = postgresReadable(db)
	case MySQL:
		r, err = mysqlReadable(db)
	case SQLite:
		r, none, err = sqliteReadable(db)
	default:
		err = inputError("database-url", "unknown engine "+string(db.Engine)+": valid schemes are "+Schemes, nil)
	}
	return r, none, err
}

func (r *readable) read(ctx context.Context, db *DB) (State, error) {
	sqldb, err := sql.Open(r.driver, r.dsn)
	if err != nil {
		return State{}, connectError(db, err)
	}
	defer sqldb.Close()
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return State{}, connectError(db, err)
	}
	defer conn.Close()

	var q querier = conn
	if r.readOnlyTx {
		tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return State{}, connectError(db, err)
		}
		// Nothing to commit: the transaction only read.
		defer func() { _ = tx.Rollback() }()
		q = tx
	}
	table, err := r.table(ctx, q)
	if err != nil {
		return State{}, err
	}
	query := "SELECT version, dirty FROM " + table + " LIMIT 1"
	var v int64
	var dirty bool
	err = q.QueryRowContext(ctx, query).Scan(&v, &dirty)
	switch {
	case errors.Is(err, sql.ErrNoRows), err != nil && r.missing(err):
		return State{}, nil
	case err != nil && r.denied(err):
		return State{}, inputError("database-url", fmt.Sprintf("the database user may not read golang-migrate's version table %s on the %s: %s (plan and verify only need to read it)", table, where(db), r.grant(table)), err)
	case err != nil && db.Engine == SQLite && strings.Contains(err.Error(), "readonly"):
		// SQLITE_READONLY_*: a WAL-mode file read without its -shm file.
		return State{}, inputError("database-url", fmt.Sprintf("cannot read the %s read-only: a database in WAL journal mode needs its -wal and -shm files, which SQLite creates next to it, so the user needs write access to the directory (or switch the database to journal_mode=DELETE)", where(db)), err)
	case err != nil:
		return State{}, failed(fmt.Sprintf("read the migration version from the %s", where(db)), err)
	case v < 0: // golang-migrate's NilVersion, kept with a dirty flag by force -1
		return State{Dirty: dirty}, nil
	}
	return State{Version: uint(v), HasVersion: true, Dirty: dirty}, nil
}

// withoutCustom is u without golang-migrate's x-* query parameters, as
// golang-migrate's FilterCustomQuery hands it to database/sql.
func withoutCustom(u *url.URL) *url.URL {
	ux := *u
	vx := url.Values{}
	for k, v := range ux.Query() {
		if len(k) <= 1 || k[0:2] != "x-" {
			vx[k] = v
		}
	}
	ux.RawQuery = vx.Encode()
	return &ux
}

// where names the database for messages: never the user or password.
func where(db *DB) string {
	if db.Engine == SQLite {
		return "SQLite database " + db.Name
	}
	return fmt.Sprintf("database %s on %s", db.Name, db.Host)
}

// sqlState is implemented by lib/pq's and pgx's errors.
type sqlState interface{ SQLState() string }

func hasSQLState(err error, codes ...string) bool {
	var s sqlState
	if !errors.As(err, &s) {
		return false
	}
	code := s.SQLState()
	for _, c := range codes {
		if strings.EqualFold(code, c) {
			return true
		}
	}
	return false
}

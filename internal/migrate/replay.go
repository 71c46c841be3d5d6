package migrate

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"strings"
	"time"

	gm "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// This file is the door for rehearse and drift (and later the exact dirty
// recovery): they replay migration files into a throwaway database one step
// at a time, and read catalogs with database/sql, through the same opening
// code, URL handling and failure reading as migrate.

// Runner runs golang-migrate on one database with the migration files of
// fsys (a directory assembled by the caller, such as the base's files plus
// a change set's new ones).
type Runner struct {
	db *DB
	c  *conn
	m  *gm.Migrate
}

// NewRunner opens db through golang-migrate's driver, waiting at most
// lockTimeout for the migration lock that opening takes. A statement lock
// timeout above 0 is set on the session around every migration, as migrate
// sets statement-lock-timeout.
func NewRunner(ctx context.Context, db *DB, fsys fs.FS, lockTimeout, statementLockTimeout time.Duration) (*Runner, error) {
	s := &session{o: Options{LockTimeout: lockTimeout, Safety: Safety{StatementLockTimeout: statementLockTimeout}}, db: db}
	c, err := open(ctx, db, time.Now().Add(lockTimeout), nil)
	if err != nil {
		return nil, s.openError(err)
	}
	src, err := iofs.New(fsys, ".")
	if err != nil {
		_ = c.close()
		return nil, failed("read the migration files", err)
	}
	m, err := gm.NewWithInstance("iofs", src, db.Scheme, s.lockTimed(c.drv))
	if err != nil {
		_ = src.Close()
		_ = c.close()
		return nil, failed("start golang-migrate", err)
	}
	m.LockTimeout = lockTimeout
	return &Runner{db: db, c: c, m: m}, nil
}

// Migrate moves to version v (up or down), as golang-migrate's Migrate.
func (r *Runner) Migrate(v uint) error { return noChange(r.m.Migrate(v)) }

// Steps runs n migrations up (n > 0) or down (n < 0).
func (r *Runner) Steps(n int) error { return noChange(r.m.Steps(n)) }

func noChange(err error) error {
	if errors.Is(err, gm.ErrNoChange) {
		return nil
	}
	return err
}

// Version reads golang-migrate's version table.
func (r *Runner) Version() (State, error) {
	return (&session{db: r.db, c: r.c}).version()
}

// Close closes the driver and the migration files.
func (r *Runner) Close() error {
	srcErr, dbErr := r.m.Close()
	r.c.release()
	return errors.Join(srcErr, dbErr)
}

// Describe reads a failed migration's error as migrate reports it: the
// failing statement, its line and the engine's message.
func Describe(db *DB, st Step, err error) *Failure {
	return (&session{db: db}).failure(Attempt{Step: st, Outcome: outcomeOf(db.Engine, err)}, err)
}

// OpenSQL opens db with database/sql, with the driver and DSN golang-migrate
// itself would use (x-* options removed). readOnly opens a SQLite file with
// mode=ro; PostgreSQL and MySQL callers read in a READ ONLY transaction.
// A MySQL connection allows several statements per Exec (a seed file).
func OpenSQL(db *DB, readOnly bool) (*sql.DB, error) {
	driver, dsn, err := sqlDSN(db, readOnly)
	if err != nil {
		return nil, err
	}
	h, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, connectError(db, err)
	}
	return h, nil
}

func sqlDSN(db *DB, readOnly bool) (driver, dsn string, err error) {
	switch db.Engine {
	case Postgres:
		r, err := postgresReadable(db)
		if err != nil {
			return "", "", err
		}
		return r.driver, r.dsn, nil
	case MySQL:
		cfg, _, err := mysqlConfig(db.URL)
		if err != nil {
			return "", "", inputError("database-url", "is not a MySQL URL golang-migrate accepts (use mysql://user:password@tcp(host:3306)/dbname)", redactedErr(err, db))
		}
		cfg.MultiStatements = true
		return "mysql", cfg.FormatDSN(), nil
	case SQLite:
		u, err := url.Parse(db.URL)
		if err != nil {
			return "", "", inputError("database-url", "is not a valid URL", nil)
		}
		dsn := strings.Replace(withoutCustom(u).String(), "sqlite://", "", 1)
		if readOnly {
			name, query, _ := strings.Cut(dsn, "?")
			dsn = sqliteReadOnlyDSN(name, query)
		}
		return "sqlite", dsn, nil
	}
	return "", "", inputError("database-url", "unknown engine "+string(db.Engine)+": valid schemes are "+Schemes, nil)
}

// MigrationsTables are the names golang-migrate's version table may have
// in a schema snapshot of db (x-migrations-table, default
// schema_migrations): unqualified, and schema-qualified when the URL names
// a schema.
func MigrationsTables(db *DB) []string {
	table := db.Params.Get("x-migrations-table")
	if table == "" {
		table = "schema_migrations"
	}
	if db.Engine == Postgres {
		if sch, t, err := postgresTable(db.Params); err == nil {
			out := []string{t}
			if sch != "" {
				out = append(out, sch+"."+t)
			}
			return out
		}
	}
	return []string{table}
}

// Where names the database for messages, never with the user or password.
func (db *DB) Where() string { return where(db) }

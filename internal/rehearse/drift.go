package rehearse

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// DriftOptions are the inputs of a drift check.
type DriftOptions struct {
	// Live is the production database (database-url), only read.
	Live string
	// Scratch is where the migrations are replayed.
	Scratch Scratch
	// Dir is the migrations directory (absolute), MigrationsPath the same
	// relative to the workspace.
	Dir, MigrationsPath string
	LockTimeout         time.Duration
	// Exclude are tables to leave out besides golang-migrate's version
	// table (schemagate's history table).
	Exclude []string
}

// DriftResult is a drift check's outcome.
type DriftResult struct {
	Engine string
	// State is the live database's migration state.
	State migrate.State
	// Diff is expected (the replay) -> live.
	Diff []schema.Change
	// Compared is true once both snapshots were taken.
	Compared  bool
	Temporary string
}

// Drift reports whether the live database's schema differs from what the
// repository's migrations produce at its version. The live database is
// read on a read-only connection (READ ONLY transaction; SQLite mode=ro),
// so a SELECT-only role is enough. A dirty live database is compared with
// its version fully applied and reported as dirty: the caller must say
// that the differences may be the half-applied migration.
func Drift(ctx context.Context, o DriftOptions) (*DriftResult, error) {
	res := &DriftResult{}
	plan, err := migrate.Plan(ctx, migrate.Options{URL: o.Live, Dir: o.Dir, MigrationsPath: o.MigrationsPath, LockTimeout: o.LockTimeout})
	if err != nil {
		return res, err
	}
	res.Engine, res.State = string(plan.Engine), plan.Before
	if plan.Ahead || plan.Drift {
		return res, &migrate.Error{Kind: migrate.KindFailed, Msg: fmt.Sprintf("the live database is at version %d, which has no file in %s: its schema cannot be replayed from this commit. Run drift from the commit that migrated it (or restore the missing file)", plan.Before.Version, o.MigrationsPath)}
	}
	live, err := migrate.ParseURL(o.Live)
	if err != nil {
		return res, err
	}
	if o.Scratch.Dialect == "" {
		o.Scratch.Dialect = dialectOf(live)
	}
	rep, err := Replay(ctx, o.Scratch, os.DirFS(o.Dir), plan.Before.Version, plan.Before.HasVersion, o.LockTimeout, append(migrate.MigrationsTables(live), o.Exclude...))
	if rep != nil {
		res.Temporary = rep.Temporary
	}
	if err != nil {
		return res, err
	}
	got, err := readOnlySnapshot(ctx, live, append(migrate.MigrationsTables(live), o.Exclude...))
	if err != nil {
		return res, err
	}
	res.Diff, res.Compared = schema.Diff(rep.Schema, got), true
	return res, nil
}

// readOnlySnapshot snapshots db without writing: in a READ ONLY
// transaction (PostgreSQL, MySQL), or a SQLite file opened mode=ro.
func readOnlySnapshot(ctx context.Context, db *migrate.DB, exclude []string) (*schema.Schema, error) {
	sqldb, err := migrate.OpenSQL(db, true)
	if err != nil {
		return nil, err
	}
	defer sqldb.Close()
	dialect := dialectOf(db)
	var q schema.Queryer = sqldb
	if db.Engine != migrate.SQLite {
		tx, err := sqldb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, &InputError{Input: "database-url", Reason: "cannot open a read-only transaction on the " + db.Where(), Err: err}
		}
		defer func() { _ = tx.Rollback() }() // it only read
		q = tx
	}
	s, err := schema.Inspect(ctx, q, dialect, schema.Options{Exclude: exclude})
	if err != nil {
		return nil, fmt.Errorf("read the schema of the live %s: %w", db.Where(), err)
	}
	return s, nil
}

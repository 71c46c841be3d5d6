package rehearse

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// Scratch is an empty database to replay migrations into.
type Scratch struct {
	// URL is the scratch database (scratch-database-url); empty with
	// Dialect sqlite for a temporary file in TempDir.
	URL, Dialect, TempDir string
	// Input names the input URL comes from, for messages.
	Input string
}

// Replayed is a replay's outcome.
type Replayed struct {
	Schema *schema.Schema
	// Temporary is the temporary SQLite file used, if any.
	Temporary string
}

// Replay applies the migrations of fsys up to and including version v
// (none when !hasVersion: a database without a version) into an empty
// scratch database and snapshots it, leaving out golang-migrate's
// version table and the tables in exclude. A scratch database that is not
// empty is refused (an *InputError): nothing is touched. This is what drift
// compares the live database with, and what the exact dirty-state recovery
// compares a dirty database with (replays at N-1 and N).
func Replay(ctx context.Context, sc Scratch, fsys fs.FS, v uint, hasVersion bool, lockTimeout time.Duration, exclude []string) (*Replayed, error) {
	input := sc.Input
	if input == "" {
		input = "scratch-database-url"
	}
	url, tmp, err := scratchURL(sc.URL, sc.Dialect, sc.TempDir, input)
	if err != nil {
		return nil, err
	}
	out := &Replayed{Temporary: tmp}
	db, err := migrate.ParseURL(url)
	if err != nil {
		return out, &InputError{Input: input, Reason: "is not a database URL schemagate accepts", Err: err}
	}
	sqldb, err := migrate.OpenSQL(db, false)
	if err != nil {
		return out, err
	}
	defer sqldb.Close()
	dialect := dialectOf(db)
	if err := refuseNonEmpty(ctx, sqldb, dialect, db, input, "the migrations are replayed into it from nothing, so it must be an empty database on the same engine (a services: container)"); err != nil {
		return out, err
	}
	if hasVersion {
		runner, err := migrate.NewRunner(ctx, db, fsys, lockTimeout)
		if err != nil {
			return out, err
		}
		err = runner.Migrate(v)
		cerr := runner.Close()
		if err != nil {
			return out, fmt.Errorf("replay the migrations up to version %d into the scratch %s: %w", v, db.Where(), err)
		}
		if cerr != nil {
			return out, cerr
		}
	}
	ex := append(migrate.MigrationsTables(db), exclude...)
	out.Schema, err = schema.Inspect(ctx, sqldb, dialect, schema.Options{Exclude: ex})
	return out, err
}

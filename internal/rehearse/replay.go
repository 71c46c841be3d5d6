package rehearse

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
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
	// Schema is the snapshot at the version asked for (Replay).
	Schema *schema.Schema
	// At are the snapshots at each version asked for (ReplayEach); a
	// negative key, NoVersion, is the schema before any migration.
	At map[int]*schema.Schema
	// Temporary is the temporary SQLite file used, if any.
	Temporary string
}

// NoVersion stands for "no migration applied" in ReplayEach.
const NoVersion = -1

// Replay applies the migrations of fsys up to and including version v
// (none when !hasVersion: a database without a version) into an empty
// scratch database and snapshots it, leaving out golang-migrate's version
// table and the tables in exclude. A scratch database that is not empty is
// refused (an *InputError): nothing is touched. This is what drift compares
// the live database with.
func Replay(ctx context.Context, sc Scratch, fsys fs.FS, v uint, hasVersion bool, lockTimeout time.Duration, exclude []string) (*Replayed, error) {
	want := NoVersion
	if hasVersion {
		want = int(v)
	}
	out, err := ReplayEach(ctx, sc, fsys, []int{want}, lockTimeout, exclude)
	if out != nil {
		out.Schema = out.At[want]
	}
	return out, err
}

// ReplayEach is Replay with a snapshot at each of versions (NoVersion for
// none), in one scratch database, going up: what the exact dirty-state
// recovery compares a database dirty at N with (versions N-1 and N).
// Every version must be a version of fsys.
func ReplayEach(ctx context.Context, sc Scratch, fsys fs.FS, versions []int, lockTimeout time.Duration, exclude []string) (*Replayed, error) {
	input := sc.Input
	if input == "" {
		input = "scratch-database-url"
	}
	url, tmp, err := scratchURL(sc.URL, sc.Dialect, sc.TempDir, input)
	if err != nil {
		return nil, err
	}
	out := &Replayed{Temporary: tmp, At: map[int]*schema.Schema{}}
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
	ex := append(migrate.MigrationsTables(db), exclude...)
	order := slices.Clone(versions)
	slices.Sort(order)
	var runner *migrate.Runner
	defer func() {
		if runner != nil {
			_ = runner.Close()
		}
	}()
	for _, v := range slices.Compact(order) {
		if v >= 0 {
			if runner == nil {
				if runner, err = migrate.NewRunner(ctx, db, fsys, lockTimeout, 0); err != nil {
					return out, err
				}
			}
			if err := runner.Migrate(uint(v)); err != nil {
				return out, fmt.Errorf("replay the migrations up to version %d into the scratch %s: %w", v, db.Where(), err)
			}
		}
		if out.At[v], err = schema.Inspect(ctx, sqldb, dialect, schema.Options{Exclude: ex}); err != nil {
			return out, err
		}
	}
	return out, nil
}

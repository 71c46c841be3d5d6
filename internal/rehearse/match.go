package rehearse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// Matcher is the exact dirty-state recovery's schema comparison
// (migrate.Options.MatchSchema): the live database's schema, read on a
// read-only connection as drift reads it, compared with the schema that
// the migrations produce at each candidate version, replayed into an empty
// scratch database.
type Matcher struct {
	// Live is the dirty database (database-url), only read.
	Live string
	// Scratch is where the migrations are replayed: scratch-database-url,
	// or with an empty URL on SQLite a temporary file in Scratch.TempDir
	// (RUNNER_TEMP, else the system's temporary directory), never next to
	// the live database.
	Scratch Scratch
	// Dir is the migrations directory (absolute).
	Dir         string
	LockTimeout time.Duration
	// Exclude are tables to leave out besides golang-migrate's version
	// table (schemagate's history table).
	Exclude []string
}

// MatchSchema compares the live schema with the replay at each of
// candidates (-1: the empty database). The scratch database must be
// empty (it is refused otherwise, untouched). Afterwards a temporary
// SQLite file is removed; a scratch database given by URL is left holding
// the replay, and a note says so: dropping objects in a database schemagate
// does not own could drop more than the replay made.
func (m Matcher) MatchSchema(ctx context.Context, candidates []int) (*migrate.SchemaMatch, error) {
	live, err := migrate.ParseURL(m.Live)
	if err != nil {
		return nil, err
	}
	sc := m.Scratch
	if sc.Input == "" {
		sc.Input = "scratch-database-url"
	}
	if sc.URL != "" {
		db, err := migrate.ParseURL(sc.URL)
		if err != nil {
			return nil, &InputError{Input: sc.Input, Reason: "is not a database URL schemagate accepts", Err: err}
		}
		if db.Engine != live.Engine {
			return nil, &InputError{Input: sc.Input, Reason: fmt.Sprintf("is a %s database, but database-url is %s: give an empty database on the same engine", db.Engine, live.Engine)}
		}
	}
	sc.Dialect = dialectOf(live)
	exclude := append(migrate.MigrationsTables(live), m.Exclude...)
	got, err := readOnlySnapshot(ctx, live, exclude)
	if err != nil {
		return nil, err
	}
	rep, err := ReplayEach(ctx, sc, os.DirFS(m.Dir), candidates, m.LockTimeout, exclude)
	if rep != nil && rep.Temporary != "" {
		// scratchURL made this directory for the file alone.
		defer os.RemoveAll(filepath.Dir(rep.Temporary))
	}
	var refused *InputError
	switch {
	case err != nil && rep != nil && rep.Temporary == "" && !errors.As(err, &refused):
		return nil, fmt.Errorf("%w; the scratch database (%s) is left as the replay left it: empty it before the next comparison", err, sc.Input)
	case err != nil:
		return nil, err
	}
	out := &migrate.SchemaMatch{Compared: candidates}
	var nearest *migrate.SchemaDiff
	for _, v := range candidates {
		d := schema.Diff(rep.At[v], got)
		if len(d) == 0 {
			out.Matches = append(out.Matches, v)
		} else if nearest == nil || len(d) < len(nearest.Changes) {
			nearest = &migrate.SchemaDiff{Version: v, Changes: d}
		}
	}
	if len(out.Matches) == 0 {
		out.Nearest = nearest
	}
	if rep.Temporary == "" {
		out.Notes = append(out.Notes, fmt.Sprintf("The scratch database (%s) is left as the replay left it, at version %s with golang-migrate's version table: empty it (or start a new one) before the next comparison, which refuses a database that is not empty.", sc.Input, migrate.VersionName(highest(candidates))))
	}
	return out, nil
}

func highest(vs []int) int {
	h := -1
	for _, v := range vs {
		h = max(h, v)
	}
	return h
}

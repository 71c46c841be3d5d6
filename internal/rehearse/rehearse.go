// Package rehearse proves a change set's migrations on a throwaway
// database before they reach production: it builds the base's schema, fills
// every table with generated rows (after an optional seed file), runs the
// new migrations up, down and up again, each step timed, and compares
// schema snapshots after each step (the rehearse command). It also replays
// migrations up to a version into a scratch database and snapshots it
// (drift, and the exact dirty-state recovery). It returns results and
// prints nothing.
package rehearse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// Options are the inputs of a rehearsal.
type Options struct {
	// URL is the throwaway database (database-url). Empty with Dialect
	// sqlite: a temporary SQLite file in TempDir.
	URL     string
	Dialect string
	TempDir string
	// Base is the migrations directory at the base revision (nil: none);
	// Head at the head of the change set.
	Base, Head fs.FS
	// New are the change set's new migration files (repository paths or
	// names; only the base name counts), as check finds them.
	New []string
	// MigrationsPath is the directory relative to the workspace, for file
	// names in the report.
	MigrationsPath string
	// SeedFile is the seed-file's absolute path ("" for none); SeedName
	// the same as the user wrote it.
	SeedFile, SeedName string
	// Rows per table (rehearse-rows).
	Rows        int
	LockTimeout time.Duration
	// StatementLockTimeout is set on the session of every migration
	// (statement-lock-timeout), as migrate sets it; 0 for none.
	StatementLockTimeout time.Duration
	// Exclude are tables to leave out of snapshots besides golang-migrate's
	// version table (schemagate's history table).
	Exclude []string
}

// Step directions beyond up and down.
const (
	DirBase = "base"
	DirSeed = "seed"
	DirRows = "rows"
	DirUp   = "up"
	DirDown = "down"
)

// Step is one timed step of a rehearsal.
type Step struct {
	File      string        `json:"file"`
	Direction string        `json:"direction"`
	Duration  time.Duration `json:"-"`
	// Detail describes a step that is not one file ("2 migrations at the
	// base", "1000 rows per table"), for the report.
	Detail string `json:"-"`
	OK     bool   `json:"ok"`
	Error  string `json:"error"`
	// Line is the failing statement's line in File (0: unknown).
	Line int `json:"-"`
}

// Failure is what made a rehearsal fail.
type Failure struct {
	// Step is the index of the failing step in Result.Steps.
	Step      int
	File      string
	Line      int
	Statement string
	Reason    string
	// Data says what the tables the statement names held, as observed
	// after the failure ("on table orders with 1000 rows, 100 of them NULL
	// in customer_id").
	Data string
	// Diff is the schema difference a down left behind (or an up again
	// produced), when that is the failure.
	Diff []schema.Change
}

// Result is a rehearsal's outcome.
type Result struct {
	Engine    string
	Temporary string // the temporary SQLite file, when one was used
	Steps     []Step
	Filled    []Filled
	// Diff is the change set's schema diff: base vs after the new
	// migrations.
	Diff     []schema.Change
	HasDiff  bool
	Failure  *Failure
	Notes    []string
	BaseSize int // migrations on the base
	NewUps   int // new up migrations
}

// Failed reports whether the rehearsal failed.
func (r *Result) Failed() bool { return r.Failure != nil }

// InputError is bad input (exit code 2): a database that is not empty, no
// database, a seed file that cannot be read.
type InputError struct {
	Input, Reason string
	Err           error
}

func (e *InputError) Error() string {
	msg := "input " + e.Input + ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *InputError) Unwrap() error { return e.Err }

// version is one migration version with its files.
type version struct {
	v        uint
	up, down string
}

// Run rehearses the change set. An error is bad input or a database that
// cannot be reached; a failed rehearsal is a Result with a Failure.
func Run(ctx context.Context, o Options) (*Result, error) {
	res := &Result{}
	url, tmp, err := scratchURL(o.URL, o.Dialect, o.TempDir, "database-url")
	if err != nil {
		return res, err
	}
	res.Temporary = tmp
	db, err := migrate.ParseURL(url)
	if err != nil {
		return res, err
	}
	res.Engine = string(db.Engine)
	dialect := dialectOf(db)
	sqldb, err := migrate.OpenSQL(db, false)
	if err != nil {
		return res, err
	}
	defer sqldb.Close()
	if err := refuseNonEmpty(ctx, sqldb, dialect, db, "database-url", "rehearse builds the base's schema from nothing, so it needs an empty database: a services: container, or an empty database-url with sql-dialect sqlite for a temporary file"); err != nil {
		return res, err
	}

	files, baseVersions, newVersions, err := assemble(o.Base, o.Head, o.New)
	if err != nil {
		return res, err
	}
	res.BaseSize, res.NewUps = len(baseVersions), len(newVersions)
	exclude := append(migrate.MigrationsTables(db), o.Exclude...)
	snap := func() (*schema.Schema, error) {
		return schema.Inspect(ctx, sqldb, dialect, schema.Options{Exclude: exclude})
	}
	r := &run{res: res, o: o, db: db, sqldb: sqldb, dialect: dialect, files: files}

	runner, err := migrate.NewRunner(ctx, db, files, o.LockTimeout, o.StatementLockTimeout)
	if err != nil {
		return res, err
	}
	defer func() { _ = runner.Close() }()

	// (a) the base's migrations, in order.
	if len(baseVersions) == 0 {
		r.step(Step{File: o.MigrationsPath, Detail: "no migrations at the base", Direction: DirBase, OK: true}, nil)
	} else {
		last := baseVersions[len(baseVersions)-1]
		start := time.Now()
		err := runner.Migrate(last.v)
		st := Step{File: o.MigrationsPath, Detail: migrationsAtBase(len(baseVersions)), Direction: DirBase, Duration: time.Since(start)}
		if err != nil {
			failedAt := r.inFlight(runner, baseVersions)
			return res, r.fail(ctx, st, failedAt, err, nil)
		}
		r.step(st, nil)
	}
	base, err := snap()
	if err != nil {
		return res, err
	}

	// (b) the seed file.
	if o.SeedFile != "" {
		src, err := os.ReadFile(o.SeedFile)
		if err != nil {
			return res, &InputError{Input: "seed-file", Reason: fmt.Sprintf("cannot read %s: give a SQL file in the workspace", o.SeedName), Err: err}
		}
		start := time.Now()
		_, err = sqldb.ExecContext(ctx, string(src))
		st := Step{File: o.SeedName, Direction: DirSeed, Duration: time.Since(start)}
		if err != nil {
			return res, r.fail(ctx, st, "", err, nil)
		}
		r.step(st, nil)
	}

	// (c) generated rows.
	filled, err := snap()
	if err != nil {
		return res, err
	}
	if o.Rows > 0 {
		start := time.Now()
		res.Filled, err = Generate(ctx, sqldb, dialect, filled, o.Rows)
		if err != nil {
			return res, err
		}
		st := Step{Detail: fmt.Sprintf("generated, %d rows per table", o.Rows), Direction: DirRows, Duration: time.Since(start), OK: true}
		skipped := 0
		for _, f := range res.Filled {
			if f.Skipped != "" {
				skipped++
			}
		}
		if skipped > 0 {
			st.Detail += fmt.Sprintf("; %d of %d tables skipped (see below)", skipped, len(res.Filled))
		}
		r.step(st, nil)
	}

	// (d) the new migrations, up one by one; (e) down in reverse, each
	// restoring the schema before its up; (f) up again.
	before := make([]*schema.Schema, len(newVersions))
	for i, v := range newVersions {
		if before[i], err = snap(); err != nil {
			return res, err
		}
		if err := r.migration(ctx, runner, v, DirUp, 1); err != nil {
			return res, err
		}
		if res.Failed() {
			return res, nil
		}
	}
	after, err := snap()
	if err != nil {
		return res, err
	}
	res.Diff, res.HasDiff = schema.Diff(base, after), true
	if len(newVersions) == 0 {
		res.Notes = append(res.Notes, "the change set adds no migration: only the base's schema was built and filled")
		return res, nil
	}
	var noDown []string
	for _, v := range newVersions {
		if v.down == "" {
			noDown = append(noDown, r.path(v.up))
		}
	}
	if len(noDown) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s has no down file: the down and up-again steps were not run", strings.Join(noDown, ", ")))
		return res, nil
	}
	for i := len(newVersions) - 1; i >= 0; i-- {
		v := newVersions[i]
		if err := r.migration(ctx, runner, v, DirDown, -1); err != nil {
			return res, err
		}
		if res.Failed() {
			return res, nil
		}
		now, err := snap()
		if err != nil {
			return res, err
		}
		if d := schema.Diff(before[i], now); len(d) > 0 {
			r.mismatch(d, fmt.Sprintf("does not undo %s: %d difference(s) left", r.path(v.up), len(d)),
				fmt.Sprintf("%s does not undo %s: the schema differs from the one before the up migration ran", r.path(v.down), r.path(v.up)))
			return res, nil
		}
	}
	for _, v := range newVersions {
		if err := r.migration(ctx, runner, v, DirUp, 1); err != nil {
			return res, err
		}
		if res.Failed() {
			return res, nil
		}
	}
	again, err := snap()
	if err != nil {
		return res, err
	}
	if d := schema.Diff(after, again); len(d) > 0 {
		r.mismatch(d, fmt.Sprintf("up again gives another schema than the first up: %d difference(s)", len(d)),
			"running the new migrations up again after their downs gives another schema than the first time: a down leaves something behind that the up then does differently")
	}
	return res, nil
}

// run is a rehearsal in progress.
type run struct {
	res     *Result
	o       Options
	db      *migrate.DB
	sqldb   *sql.DB
	dialect string
	files   fs.FS // the assembled migrations directory
}

func (r *run) path(name string) string {
	if name == "" {
		return ""
	}
	return path.Join(r.o.MigrationsPath, name)
}

func (r *run) step(st Step, _ error) {
	st.OK = st.OK || st.Error == ""
	r.res.Steps = append(r.res.Steps, st)
}

// mismatch fails the last step, which ran fine but left the schema
// differing by d from what it must be.
func (r *run) mismatch(d []schema.Change, stepErr, reason string) {
	last := len(r.res.Steps) - 1
	st := &r.res.Steps[last]
	st.OK, st.Error = false, stepErr
	r.res.Failure = &Failure{Step: last, File: st.File, Reason: reason, Diff: d}
}

// migration runs one new migration in direction dir (n = 1 or -1). A
// failing migration becomes the result's Failure; only an error that is
// not the migration's is returned.
func (r *run) migration(ctx context.Context, runner *migrate.Runner, v version, dir string, n int) error {
	file := v.up
	if dir == DirDown {
		file = v.down
	}
	start := time.Now()
	err := runner.Steps(n)
	st := Step{File: r.path(file), Direction: dir, Duration: time.Since(start)}
	if err != nil {
		return r.fail(ctx, st, file, err, nil)
	}
	r.step(st, nil)
	return nil
}

// fail records a failed step with the database's error, the statement's
// line and what the data was.
func (r *run) fail(ctx context.Context, st Step, file string, err error, diff []schema.Change) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("rehearsal cancelled during %s: %w", st.File, err)
	}
	f := migrate.Describe(r.db, migrate.Step{File: r.path(file)}, err)
	st.OK = false
	st.Line = int(f.Line)
	f.Reason = cleanReason(f.Reason)
	st.Error = f.Reason
	if file != "" {
		st.File = r.path(file)
	}
	r.res.Steps = append(r.res.Steps, st)
	fl := &Failure{Step: len(r.res.Steps) - 1, File: st.File, Line: st.Line, Statement: f.Statement, Reason: f.Reason, Diff: diff}
	stmt := f.Statement
	if stmt == "" {
		stmt = r.fileText(file)
	}
	if fl.Line == 0 && file != "" {
		fl.Line = guessLine(r.fileText(file), f.Reason)
		r.res.Steps[fl.Step].Line = fl.Line
	}
	fl.Data = describeData(ctx, r.sqldb, r.dialect, stmt)
	r.res.Failure = fl
	return nil
}

func (r *run) fileText(file string) string {
	if file == "" || r.files == nil {
		return ""
	}
	b, _ := fs.ReadFile(r.files, file)
	return string(b)
}

// inFlight names the base migration that failed: the one above the
// version golang-migrate recorded (dirty at it, or clean below it).
func (r *run) inFlight(runner *migrate.Runner, versions []version) string {
	st, err := runner.Version()
	if err != nil {
		return ""
	}
	for _, v := range versions {
		if st.HasVersion && st.Dirty && v.v == st.Version {
			return v.up
		}
		if !st.HasVersion || v.v > st.Version {
			return v.up
		}
	}
	return ""
}

// assemble builds the directory golang-migrate runs: the base's migration
// files plus the change set's new ones from head. New versions must lie
// above the base's newest (SG103): golang-migrate would never apply one
// below it.
func assemble(base, head fs.FS, added []string) (fs.FS, []version, []version, error) {
	out := fstest.MapFS{}
	byV := map[uint]*version{}
	var baseMax uint
	hasBase := false
	add := func(fsys fs.FS, name string, isNew bool) error {
		m, err := source.Parse(name)
		if err != nil {
			return nil // golang-migrate skips it too
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		out[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		v := byV[m.Version]
		if v == nil {
			v = &version{v: m.Version}
			byV[m.Version] = v
		}
		if m.Direction == source.Up {
			v.up = name
		} else {
			v.down = name
		}
		if !isNew && (!hasBase || m.Version > baseMax) {
			baseMax, hasBase = m.Version, true
		}
		return nil
	}
	if base != nil {
		entries, err := fs.ReadDir(base, ".")
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read the base's migrations: %w", err)
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				if err := add(base, e.Name(), false); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	}
	baseSet := map[uint]bool{}
	for v := range byV {
		baseSet[v] = true
	}
	for _, p := range added {
		name := path.Base(filepath.ToSlash(p))
		if head == nil {
			return nil, nil, nil, fmt.Errorf("new migration %s: the head's migrations directory is missing", p)
		}
		if err := add(head, name, true); err != nil {
			return nil, nil, nil, err
		}
	}
	var baseV, newV []version
	for _, v := range byV {
		if baseSet[v.v] {
			baseV = append(baseV, *v)
			continue
		}
		if hasBase && v.v <= baseMax {
			return nil, nil, nil, &InputError{Input: "migrations-path", Reason: fmt.Sprintf("new migration version %d is not above the base's newest version %d: golang-migrate would never apply it (SG103); renumber it", v.v, baseMax)}
		}
		if v.up == "" {
			continue // a down file alone changes nothing going up
		}
		newV = append(newV, *v)
	}
	sort.Slice(baseV, func(i, j int) bool { return baseV[i].v < baseV[j].v })
	sort.Slice(newV, func(i, j int) bool { return newV[i].v < newV[j].v })
	return out, baseV, newV, nil
}

func dialectOf(db *migrate.DB) string {
	switch db.Engine {
	case migrate.MySQL:
		return schema.MySQL
	case migrate.SQLite:
		return schema.SQLite
	}
	return schema.Postgres
}

// NeedDatabase checks, before any work, that a rehearsal has a database:
// a URL, or the SQLite dialect for a temporary file.
func NeedDatabase(url, dialect, input string) error {
	if strings.TrimSpace(url) == "" && dialect != schema.SQLite {
		return &InputError{Input: input, Reason: "is empty: give the URL of an empty database on the same engine (a services: container), or set sql-dialect sqlite to use a temporary SQLite file"}
	}
	return nil
}

// scratchURL is url, or a new temporary SQLite file when url is empty and
// the dialect is sqlite.
func scratchURL(url, dialect, dir, input string) (string, string, error) {
	if strings.TrimSpace(url) != "" {
		return url, "", nil
	}
	if err := NeedDatabase(url, dialect, input); err != nil {
		return "", "", err
	}
	if dir == "" {
		dir = os.TempDir()
	}
	d, err := os.MkdirTemp(dir, "schemagate-")
	if err != nil {
		return "", "", fmt.Errorf("create a temporary directory for the SQLite database: %w", err)
	}
	file := filepath.Join(d, "rehearsal.db")
	return "sqlite://" + filepath.ToSlash(file), file, nil
}

// refuseNonEmpty fails with an input error when the database holds
// tables or views: nothing is touched.
func refuseNonEmpty(ctx context.Context, sqldb *sql.DB, dialect string, db *migrate.DB, input, why string) error {
	s, err := schema.Inspect(ctx, sqldb, dialect, schema.Options{})
	if err != nil {
		return &InputError{Input: input, Reason: "cannot read the catalog of the " + db.Where(), Err: err}
	}
	names := append(s.TableNames(), sortedViews(s)...)
	if len(names) == 0 {
		return nil
	}
	shown := names
	if len(shown) > 5 {
		shown = append(slices.Clone(shown[:5]), fmt.Sprintf("and %d more", len(names)-5))
	}
	return &InputError{Input: input, Reason: fmt.Sprintf("the %s is not empty (it holds %s); nothing was changed. %s", db.Where(), strings.Join(shown, ", "), why)}
}

func sortedViews(s *schema.Schema) []string {
	var out []string
	for n := range s.Views {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func migrationsAtBase(n int) string {
	if n == 1 {
		return "1 migration at the base"
	}
	return fmt.Sprintf("%d migrations at the base", n)
}

package migrate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
)

// The history table (input history-table) records every version migrate,
// down and force apply, roll back or force, one row per step: written with
// outcome "started" before the step runs and updated once it ended, on a
// connection of its own that commits each write at once, so a run killed
// mid-migration leaves its row behind and a migration's own rollback never
// takes the row with it. plan and verify only read it (on the read-only
// connection of readonly.go) and work without it.

// Outcomes of a history row.
const (
	HistoryStarted = "started" // the step began; a row left so was killed mid-step
	HistoryOK      = "ok"
	HistoryFailed  = "failed"
	// HistoryUnknown: the step ended in an error and the database's state
	// could not be read back (the server went away).
	HistoryUnknown = "unknown"
)

// DirForce is the direction of a history row written by force.
const DirForce Direction = "force"

// HistoryOptions says where history goes and what each row carries.
type HistoryOptions struct {
	// Table is the history table as given (schema.table or table); empty
	// keeps no history.
	Table string
	// Commit (GITHUB_SHA), Actor (GITHUB_ACTOR) and RunURL identify the
	// run; ToolVersion is schemagate's version.
	Commit, Actor, RunURL, ToolVersion string
}

// HistoryRow is one row of the history table.
type HistoryRow struct {
	ID        int64
	Version   int64 // -1: force to no version
	Direction Direction
	// File is the file's path relative to the workspace, "" when none.
	File string
	// Checksum is the hex sha256 of the file as it ran, "" when no file.
	Checksum         string
	Commit, Actor    string
	RunURL           string
	Started, Ended   time.Time // Ended is zero while the row is "started"
	Outcome, Command string
	ToolVersion      string
}

// Mismatch is an applied migration whose file changed after it ran.
type Mismatch struct {
	Version  uint
	File     string
	Recorded string // checksum when it was applied
	Current  string
	Applied  HistoryRow
}

// History is what a command learnt from (or did to) the history table.
type History struct {
	// Table is the table as given.
	Table string
	// Missing is true when the table does not exist yet (nothing recorded).
	Missing bool
	// Unavailable says why the history could not be read or written; empty
	// when it was.
	Unavailable string
	// Recent are the newest rows, newest first (plan).
	Recent []HistoryRow
	// Mismatches are applied migrations edited after they were applied.
	Mismatches []Mismatch
	// Unrecorded counts applied versions with no ok up row (applied before
	// history was kept, or by another tool): their files are not checked.
	Unrecorded int
	// WriteErrors are history writes that failed during the run.
	WriteErrors []string
}

// recentRuns is how many history rows plan shows.
const recentRuns = 10

// historyTime is the stored form of timestamps: UTC, fixed width, so rows
// sort as text on every engine.
const historyTime = "2006-01-02T15:04:05.000Z"

// quoteTable quotes a validated table name (schema.table or table) for the
// engine.
func quoteTable(e Engine, name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		switch e {
		case MySQL:
			parts[i] = "`" + strings.ReplaceAll(p, "`", "``") + "`"
		case Postgres:
			parts[i] = pq.QuoteIdentifier(p)
		default:
			parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
		}
	}
	return strings.Join(parts, ".")
}

// historyDDL creates the table, in plain DDL for each engine.
func historyDDL(e Engine, table string) string {
	id := "id BIGSERIAL PRIMARY KEY"
	switch e {
	case MySQL:
		id = "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
	case SQLite:
		id = "id INTEGER PRIMARY KEY AUTOINCREMENT"
	}
	return "CREATE TABLE IF NOT EXISTS " + table + ` (
  ` + id + `,
  version BIGINT NOT NULL,
  direction VARCHAR(8) NOT NULL,
  file_name VARCHAR(1024) NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  commit_sha VARCHAR(64) NOT NULL,
  actor VARCHAR(255) NOT NULL,
  run_url VARCHAR(1024) NOT NULL,
  started_at VARCHAR(32) NOT NULL,
  finished_at VARCHAR(32) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  command VARCHAR(16) NOT NULL,
  tool_version VARCHAR(64) NOT NULL
)`
}

const historyColumns = "id, version, direction, file_name, checksum, commit_sha, actor, run_url, started_at, finished_at, outcome, command, tool_version"

// historyConn opens a database/sql connection to db with the same driver
// and parameters golang-migrate's driver uses, for writing history rows.
func historyConn(ctx context.Context, db *DB) (*sql.DB, *sql.Conn, error) {
	var driver, dsn string
	switch db.Engine {
	case Postgres:
		r, err := postgresReadable(db)
		if err != nil {
			return nil, nil, err
		}
		driver, dsn = r.driver, r.dsn
	case MySQL:
		cfg, _, err := mysqlConfig(db.URL)
		if err != nil {
			return nil, nil, inputError("database-url", "is not a MySQL URL golang-migrate accepts", redactedErr(err, db))
		}
		driver, dsn = "mysql", cfg.FormatDSN()
	default:
		u, err := urlParse(db)
		if err != nil {
			return nil, nil, err
		}
		driver, dsn = "sqlite", strings.Replace(withoutCustom(u).String(), "sqlite://", "", 1)
	}
	sqldb, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, nil, connectError(db, err)
	}
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		sqldb.Close()
		return nil, nil, connectError(db, err)
	}
	if db.Engine == SQLite {
		// golang-migrate's connection writes the same file: wait for it.
		if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 10000"); err != nil {
			conn.Close()
			sqldb.Close()
			return nil, nil, connectError(db, err)
		}
	}
	return sqldb, conn, nil
}

// recorder writes the history rows of one run. A nil recorder keeps no
// history. It is the Progress golang-migrate's run reports to, and passes
// every call on to the caller's Progress.
type recorder struct {
	s     *session
	opts  HistoryOptions
	table string // quoted
	sqldb *sql.DB
	conn  *sql.Conn
	next  Progress

	mu      sync.Mutex
	current int64 // id of the in-flight row, 0 for none
}

var _ Progress = (*recorder)(nil)

// startHistory creates the history table when it is missing and returns
// the run's recorder (nil when history-table is none). A table that cannot
// be created or written stops the run before anything is applied.
func (s *session) startHistory(ctx context.Context) (*recorder, error) {
	h := s.o.History
	if h.Table == "" {
		return nil, nil
	}
	s.res.History = &History{Table: h.Table}
	wctx, cancel := context.WithTimeout(ctx, s.o.LockTimeout)
	defer cancel()
	sqldb, conn, err := historyConn(wctx, s.db)
	if err != nil {
		return nil, err
	}
	rec := &recorder{s: s, opts: h, table: quoteTable(s.db.Engine, h.Table), sqldb: sqldb, conn: conn}
	// Probe first: a user that may write the table but not create tables
	// must not fail on CREATE TABLE IF NOT EXISTS.
	if _, err := conn.ExecContext(wctx, "SELECT 1 FROM "+rec.table+" WHERE 1 = 0"); err != nil {
		if _, cerr := conn.ExecContext(wctx, historyDDL(s.db.Engine, rec.table)); cerr != nil {
			rec.close()
			return nil, inputError("history-table", fmt.Sprintf("cannot create history table %s on the %s: grant the migration user CREATE there, create the table yourself (see docs/migrate.md), or set history-table to none. Nothing was applied", h.Table, s.where()), cerr)
		}
	}
	return rec, nil
}

func (r *recorder) close() {
	if r == nil {
		return
	}
	r.conn.Close()
	r.sqldb.Close()
}

// wrap returns the Progress for golang-migrate's run: r itself, or next
// when no history is kept.
func (r *recorder) wrap(next Progress) Progress {
	if r == nil {
		return next
	}
	r.next = next
	return r
}

// writeCtx bounds each history write, and outlives a cancelled run: the
// row of a cancelled run is the evidence.
func (r *recorder) writeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

func (r *recorder) Start(st Step) {
	r.begin(st, int64(st.Version))
	if r.next != nil {
		r.next.Start(st)
	}
}

func (r *recorder) Done(st Step) {
	r.finish(HistoryOK)
	if r.next != nil {
		r.next.Done(st)
	}
}

// begin inserts the "started" row of a step.
func (r *recorder) begin(st Step, version int64) {
	if r == nil {
		return
	}
	sum, err := r.checksum(st.File)
	if err != nil {
		r.writeError(fmt.Sprintf("checksum of %s", st.Name()), err)
	}
	o := r.opts
	args := []any{version, string(st.Direction), clip(st.File, 1024), sum, clip(o.Commit, 64), clip(o.Actor, 255), clip(o.RunURL, 1024),
		time.Now().UTC().Format(historyTime), "", HistoryStarted, r.s.res.Command, clip(o.ToolVersion, 64)}
	q := "INSERT INTO " + r.table + " (version, direction, file_name, checksum, commit_sha, actor, run_url, started_at, finished_at, outcome, command, tool_version) VALUES (" + placeholders(r.s.db.Engine, len(args)) + ")"
	ctx, cancel := r.writeCtx()
	defer cancel()
	var id int64
	if r.s.db.Engine == Postgres {
		err = r.conn.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	} else {
		var res sql.Result
		if res, err = r.conn.ExecContext(ctx, q, args...); err == nil {
			id, err = res.LastInsertId()
		}
	}
	r.mu.Lock()
	r.current = id
	r.mu.Unlock()
	if err != nil {
		r.writeError(fmt.Sprintf("record the start of %s", st.Name()), err)
	}
}

// finish sets the outcome and end time of the in-flight row.
func (r *recorder) finish(outcome string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	id := r.current
	r.current = 0
	r.mu.Unlock()
	if id == 0 {
		return
	}
	ph := placeholders(r.s.db.Engine, 3)
	parts := strings.Split(ph, ", ")
	q := "UPDATE " + r.table + " SET finished_at = " + parts[0] + ", outcome = " + parts[1] + " WHERE id = " + parts[2]
	ctx, cancel := r.writeCtx()
	defer cancel()
	if _, err := r.conn.ExecContext(ctx, q, time.Now().UTC().Format(historyTime), outcome, id); err != nil {
		r.writeError(fmt.Sprintf("record outcome %s of history row %d", outcome, id), err)
	}
}

// force records a force run around do.
func (r *recorder) force(version int, file string, do func() error) error {
	if r == nil {
		return do()
	}
	r.begin(Step{Version: uint(max(version, 0)), Direction: DirForce, File: file}, int64(version))
	err := do()
	if err != nil {
		r.finish(HistoryFailed)
	} else {
		r.finish(HistoryOK)
	}
	return err
}

// settle ends the row of a step that did not finish: failed when the
// database's state was read back after the error, else unknown.
func (r *recorder) settle(stateKnown bool) {
	if stateKnown {
		r.finish(HistoryFailed)
	} else {
		r.finish(HistoryUnknown)
	}
}

func (r *recorder) writeError(what string, err error) {
	h := r.s.res.History
	h.WriteErrors = append(h.WriteErrors, what+" in "+r.opts.Table+": "+err.Error())
}

// checksum is the hex sha256 of a migration file ("" for none). Only
// regular files are read: a FIFO would block the run.
func (r *recorder) checksum(file string) (string, error) {
	if file == "" {
		return "", nil
	}
	return fileChecksum(filepath.Join(r.s.o.Dir, path.Base(file)))
}

func fileChecksum(p string) (string, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", filepath.Base(p))
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func placeholders(e Engine, n int) string {
	ph := make([]string, n)
	for i := range ph {
		if e == Postgres {
			ph[i] = fmt.Sprintf("$%d", i+1)
		} else {
			ph[i] = "?"
		}
	}
	return strings.Join(ph, ", ")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func urlParse(db *DB) (*url.URL, error) {
	u, err := url.Parse(db.URL)
	if err != nil {
		return nil, inputError("database-url", "is not a valid URL", nil)
	}
	return u, nil
}

// ReadHistory reads the newest limit rows of the history table (all when
// limit <= 0), newest first, on a read-only connection: it needs SELECT on
// the table and nothing else. missing is true when the table does not exist.
func ReadHistory(ctx context.Context, db *DB, table string, limit int) (rows []HistoryRow, missing bool, err error) {
	r, none, err := readableFor(db)
	if err != nil || none {
		return nil, none, err
	}
	sqldb, err := sql.Open(r.driver, r.dsn)
	if err != nil {
		return nil, false, connectError(db, err)
	}
	defer sqldb.Close()
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return nil, false, connectError(db, err)
	}
	defer conn.Close()
	var q interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	} = conn
	if r.readOnlyTx {
		tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, false, connectError(db, err)
		}
		defer func() { _ = tx.Rollback() }()
		q = tx
	}
	query := "SELECT " + historyColumns + " FROM " + quoteTable(db.Engine, table) + " ORDER BY id DESC"
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	res, err := q.QueryContext(ctx, query)
	switch {
	case err != nil && r.missing(err):
		return nil, true, nil
	case err != nil && r.denied(err):
		exists := ""
		if db.Engine == MySQL {
			exists = " (MySQL does not tell a user without rights whether the table exists)"
		}
		return nil, false, fmt.Errorf("the database user may not read history table %s%s: %s", table, exists, r.grant(quoteTable(db.Engine, table)))
	case err != nil:
		return nil, false, fmt.Errorf("read history table %s: %w", table, err)
	}
	defer res.Close()
	for res.Next() {
		var h HistoryRow
		var dir, started, ended string
		if err := res.Scan(&h.ID, &h.Version, &dir, &h.File, &h.Checksum, &h.Commit, &h.Actor, &h.RunURL, &started, &ended, &h.Outcome, &h.Command, &h.ToolVersion); err != nil {
			return nil, false, fmt.Errorf("read history table %s (is it schemagate's?): %w", table, err)
		}
		h.Direction = Direction(dir)
		h.Started, _ = time.Parse(historyTime, started)
		h.Ended, _ = time.Parse(historyTime, ended)
		rows = append(rows, h)
	}
	if err := res.Err(); err != nil {
		return nil, false, fmt.Errorf("read history table %s: %w", table, err)
	}
	return rows, false, nil
}

// LastAttempt returns the newest history row (the last step a run began,
// whatever its outcome), nil when there is none or no table. It is the
// read API for recovery advice: a row still "started" is a step whose run
// was killed.
func LastAttempt(ctx context.Context, db *DB, table string) (*HistoryRow, error) {
	rows, _, err := ReadHistory(ctx, db, table, 1)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// loadHistory reads the history for plan and verify: the newest rows and
// the applied migrations whose files changed since. A missing table or a
// user who may not read it is noted, never an error.
func (s *session) loadHistory(ctx context.Context) {
	table := s.o.History.Table
	if table == "" {
		return
	}
	h := &History{Table: table}
	s.res.History = h
	rctx, cancel := context.WithTimeout(ctx, s.o.LockTimeout)
	defer cancel()
	rows, missing, err := ReadHistory(rctx, s.db, table, 0)
	switch {
	case err != nil:
		h.Unavailable = err.Error()
		return
	case missing:
		h.Missing = true
		return
	}
	h.Recent = rows[:min(len(rows), recentRuns)]
	h.Mismatches, h.Unrecorded = s.mismatches(rows)
}

// mismatches compares each applied version's file with the checksum its
// newest ok run recorded. rows are newest first.
func (s *session) mismatches(rows []HistoryRow) (out []Mismatch, unrecorded int) {
	st := s.res.Before
	if !st.HasVersion {
		return nil, 0
	}
	newest := map[int64]HistoryRow{}
	for _, h := range rows {
		if h.Outcome != HistoryOK || (h.Direction != DirUp && h.Direction != DirDown) {
			continue
		}
		if _, seen := newest[h.Version]; !seen {
			newest[h.Version] = h
		}
	}
	for _, v := range s.files.list {
		if v.Version > st.Version || v.Up == "" {
			continue
		}
		h, ok := newest[int64(v.Version)]
		if !ok || h.Direction != DirUp {
			// No record, or rolled back since and re-applied outside
			// schemagate: nothing to compare with.
			unrecorded++
			continue
		}
		sum, err := fileChecksum(filepath.Join(s.o.Dir, v.Up))
		if err != nil || sum == h.Checksum || h.Checksum == "" {
			continue
		}
		out = append(out, Mismatch{Version: v.Version, File: s.files.path(v.Up), Recorded: h.Checksum, Current: sum, Applied: h})
	}
	return out, unrecorded
}

// mismatchError is verify's failure for edited migrations.
func mismatchError(ms []Mismatch) error {
	if len(ms) == 0 {
		return nil
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.File)
	}
	return failed(fmt.Sprintf("%d applied migration(s) edited after they were applied: %s. Databases that ran them never run the new text. Restore the applied text and put the change in a new migration", len(ms), strings.Join(names, ", ")), nil)
}

// forceFile is the up file of the version force sets ("" for none), whose
// checksum the force row records.
func (s *session) forceFile(version int) string {
	if version < 0 {
		return ""
	}
	if i := s.files.index(uint(version)); i >= 0 {
		return s.files.path(s.files.list[i].Up)
	}
	return ""
}

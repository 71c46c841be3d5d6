package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"

	"github.com/schemagate/schemagate/internal/sqllint"
)

// A failed migration names its failing statement and that statement's
// line. How that is known differs per engine, because golang-migrate hands
// each file to the driver as one string:
//
//   - PostgreSQL runs the string as one simple query (one implicit
//     transaction). Its error carries a Position (a character offset) for
//     parse and analysis errors: the statement around it and its line are
//     exact. Errors without a position (a relation that already exists, a
//     constraint violated by the data) do not say which statement failed;
//     unless the file has one statement, the report says so.
//   - MySQL/MariaDB (multiStatements) and SQLite run the statements of the
//     string one after another and stop at the first error, which names no
//     statement. So statedDriver cuts the file at its statements the way
//     the server does (sqllint.Chunks: the chunks joined are the file) and
//     runs them one after another on the same session (MySQL: the driver's
//     own Run per chunk; SQLite: every chunk inside one transaction, as
//     golang-migrate's driver wraps the file). The failing chunk is then
//     known exactly (one difference: MySQL's x-statement-timeout then
//     bounds each statement, not the whole file). A file that cannot be
//     cut with certainty (a routine
//     body, a MySQL /*! comment, a lexing error) runs whole, as before, and
//     the report says its line is not known.

// statedDriver runs migrations so that a failure knows its statement.
type statedDriver struct {
	database.Driver
	db *DB
	// abort interrupts the statement in flight when it closes (the second
	// signal; nil: never), on the connection a SQLite file runs on here.
	abort <-chan struct{}
}

// stmtError is a migration failure located in its file.
type stmtError struct {
	err error
	// Line is the 1-based line of the failing statement or of the error
	// position in the file; 0 when not known.
	Line uint
	// Statement is the failing statement's text; "" when not known.
	Statement string
	// Unknown says why Line is 0.
	Unknown string
}

func (e *stmtError) Error() string { return e.err.Error() }
func (e *stmtError) Unwrap() error { return e.err }

func (d *statedDriver) Run(migration io.Reader) error {
	body, err := io.ReadAll(migration)
	if err != nil {
		return err
	}
	src := string(body)
	switch d.db.Engine {
	case MySQL:
		return d.runChunks(src, "mysql", func(chunk string) error {
			return d.Driver.Run(strings.NewReader(chunk))
		})
	case SQLite:
		if noTx, _ := strconv.ParseBool(d.db.Params.Get("x-no-tx-wrap")); noTx {
			return d.runChunks(src, "sqlite", func(chunk string) error {
				return d.Driver.Run(strings.NewReader(chunk))
			})
		}
		return d.runSQLiteTx(src)
	}
	return locatePostgres(src, d.Driver.Run(bytes.NewReader(body)))
}

// runChunks runs src chunk by chunk with run, or whole when it cannot be
// cut with certainty.
func (d *statedDriver) runChunks(src, dialect string, run func(string) error) error {
	chunks, stmts, ok := sqllint.Chunks(dialect, src)
	if !ok {
		return runWhole(src, stmts, run, "the file holds a routine body or a construct schemagate does not cut into statements, so it ran as one batch and the engine did not say which statement failed")
	}
	for i, c := range chunks {
		if err := run(c); err != nil {
			st := stmts[i]
			line := uint(st.Line)
			if n := mysqlSyntaxLine(origErr(err)); n > 0 {
				// MySQL counts the lines of a syntax error from the
				// statement's first token.
				line += uint(n - 1)
			}
			return &stmtError{err: err, Line: line, Statement: src[st.Start:st.End]}
		}
	}
	return nil
}

// runWhole runs src as one string; a failure is located only when src
// holds one statement.
func runWhole(src string, stmts []sqllint.Statement, run func(string) error, unknown string) error {
	err := run(src)
	if err == nil {
		return nil
	}
	if len(stmts) == 1 {
		return &stmtError{err: err, Line: uint(stmts[0].Line), Statement: src[stmts[0].Start:stmts[0].End]}
	}
	return &stmtError{err: err, Unknown: unknown}
}

// runSQLiteTx runs src in one transaction, chunk by chunk, as
// golang-migrate's SQLite driver runs it whole: BEGIN, the statements,
// ROLLBACK on the first error, COMMIT. It opens the database file the way
// the driver does (the URL without the x-* options) for the duration of
// one file; an in-memory database, which a second connection cannot see,
// and a file that cannot be cut run through the driver, whole.
func (d *statedDriver) runSQLiteTx(src string) error {
	chunks, stmts, ok := sqllint.Chunks("sqlite", src)
	dsn, dsnOK := sqliteDSN(d.db)
	whole := func(s string) error { return d.Driver.Run(strings.NewReader(s)) }
	switch {
	case !ok:
		return runWhole(src, stmts, whole, "the file holds a trigger body or a construct schemagate does not cut into statements, so it ran as one batch and SQLite did not say which statement failed")
	case !dsnOK:
		return runWhole(src, stmts, whole, "an in-memory database runs each file as one batch through the driver, and SQLite did not say which statement failed")
	case len(chunks) == 1:
		return runWhole(src, stmts, whole, "")
	}
	sdb, err := openSQLiteAbortable(dsn, d.abort)
	if err != nil {
		return &database.Error{OrigErr: err, Err: "open the database"}
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	tx, err := sdb.Begin()
	if err != nil {
		return &database.Error{OrigErr: err, Err: "transaction start failed"}
	}
	for i, c := range chunks {
		if _, err := tx.Exec(c); err != nil {
			if rerr := tx.Rollback(); rerr != nil {
				err = errors.Join(err, rerr)
			}
			st := stmts[i]
			return &stmtError{err: &database.Error{OrigErr: err, Query: []byte(c)}, Line: uint(st.Line), Statement: src[st.Start:st.End]}
		}
	}
	if err := tx.Commit(); err != nil {
		return &database.Error{OrigErr: err, Err: "transaction commit failed"}
	}
	return nil
}

// sqliteDSN is the DSN golang-migrate's SQLite driver opens; ok is false
// for an in-memory database.
func sqliteDSN(db *DB) (string, bool) {
	u, err := url.Parse(db.URL)
	if err != nil {
		return "", false
	}
	dsn := strings.Replace(withoutCustom(u).String(), "sqlite://", "", 1)
	if sqlitePath(db) == "" || strings.Contains(dsn, "mode=memory") {
		return "", false
	}
	return dsn, true
}

// mysqlSyntax is the position MySQL gives a syntax error (ER_PARSE_ERROR).
var mysqlSyntax = regexp.MustCompile(`near '(?s:.*)' at line (\d+)\s*$`)

func mysqlSyntaxLine(err error) int {
	if !mysqlErrno(err, 1064) {
		return 0
	}
	m := mysqlSyntax.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// locatePostgres turns a PostgreSQL failure into a stmtError: the error
// position is a character offset into the string the driver sent (the
// whole file, or with x-multi-statement one statement of it).
func locatePostgres(src string, err error) error {
	if err == nil {
		return nil
	}
	var de database.Error
	var dp *database.Error
	if errors.As(err, &dp) && dp != nil {
		de = *dp
	} else if !errors.As(err, &de) {
		return err
	}
	stmts, lexErr := sqllint.Statements("postgres", src)
	sent := string(de.Query)
	base := 0
	if sent != src {
		// x-multi-statement: golang-migrate sent one statement of src.
		if strings.Count(src, sent) != 1 {
			return &stmtError{err: err, Statement: strings.TrimSpace(sent), Unknown: "the statement occurs more than once in the file"}
		}
		base = strings.Index(src, sent)
	}
	if pos := pgPosition(de.OrigErr); pos > 0 {
		off := base + runeOffset(sent, pos-1)
		se := &stmtError{err: err, Line: uint(sqllint.LineAt(src, off))}
		if lexErr == nil {
			for _, st := range stmts {
				if off >= st.Start && off < st.End {
					se.Statement = src[st.Start:st.End]
				}
			}
		}
		if se.Statement == "" && sent != src {
			se.Statement = strings.TrimSpace(sent)
		}
		if se.Statement == "" {
			// The file does not lex (an unterminated string): show the
			// line of the position.
			start := strings.LastIndexByte(src[:off], '\n') + 1
			end := strings.IndexByte(src[off:], '\n')
			if end < 0 {
				end = len(src) - off
			}
			se.Statement = src[start : off+end]
		}
		return se
	}
	switch {
	case sent != src && lexErr == nil:
		for _, st := range stmts {
			if st.Start >= base {
				return &stmtError{err: err, Line: uint(st.Line), Statement: strings.TrimSpace(sent)}
			}
		}
	case lexErr == nil && len(stmts) == 1:
		return &stmtError{err: err, Line: uint(stmts[0].Line), Statement: src[stmts[0].Start:stmts[0].End]}
	}
	return &stmtError{err: err, Unknown: "PostgreSQL ran the file as one batch and gave no position for this error, so which statement failed is not known; the message names the object"}
}

// pgPosition is the 1-based character position of a PostgreSQL error, 0
// when it has none (lib/pq and pgx).
func pgPosition(err error) int {
	var pe *pq.Error
	if errors.As(err, &pe) {
		n, _ := strconv.Atoi(pe.Position)
		return n
	}
	var ge *pgconn.PgError
	if errors.As(err, &ge) {
		return int(ge.Position)
	}
	return 0
}

// runeOffset is the byte offset of the n-th character (0-based) of s.
func runeOffset(s string, n int) int {
	off := 0
	for i := 0; i < n && off < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}

// engineMessage is the engine's own words for a failure, once: the
// drivers' database.Error repeats them ("migration failed: <msg> (column
// N): pq: <msg>"), PostgreSQL's detail and hint are added.
func engineMessage(err error) string {
	err = origErr(err)
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pgWords(pe.Message, string(pe.Code), pe.Detail, pe.Hint)
	}
	var ge *pgconn.PgError
	if errors.As(err, &ge) {
		return pgWords(ge.Message, ge.Code, ge.Detail, ge.Hint)
	}
	var de database.Error
	var dp *database.Error
	switch {
	case errors.As(err, &dp) && dp != nil && dp.Err != "":
		return dp.Err
	case errors.As(err, &de) && de.Err != "":
		return de.Err
	}
	return err.Error()
}

// origErr is the engine's error inside golang-migrate's database.Error,
// which has no Unwrap; err itself when there is none.
func origErr(err error) error {
	var de database.Error
	var dp *database.Error
	switch {
	case errors.As(err, &dp) && dp != nil && dp.OrigErr != nil:
		return dp.OrigErr
	case errors.As(err, &de) && de.OrigErr != nil:
		return de.OrigErr
	}
	return err
}

func pgWords(msg, code, detail, hint string) string {
	s := fmt.Sprintf("%s (SQLSTATE %s)", msg, code)
	if detail != "" {
		s += ". Detail: " + detail
	}
	if hint != "" {
		s += ". Hint: " + hint
	}
	return s
}

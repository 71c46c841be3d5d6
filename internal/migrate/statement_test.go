package migrate

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4/database"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestFailingStatementLine: on every engine a failed file names its
// failing statement and that statement's line, not the whole file, and the
// engine's words appear once. Where the engine does not say which statement
// failed (PostgreSQL without an error position, a file with a routine
// body), the line is 0 and the result says why.
func TestFailingStatementLine(t *testing.T) {
	t.Parallel()
	type tc struct {
		name, file string
		line       uint
		stmt       string // a piece of the failing statement; "" means not known
		reason     string
	}
	common := []tc{
		{"third of three", "-- header\nCREATE TABLE a (x INTEGER);\n\nINSERT INTO a (x) VALUES (1);\n\nINSERT INTO\n  no_such_table (x) VALUES (2);\nCREATE TABLE b (y INTEGER);\n", 6, "no_such_table", "no_such_table"},
		{"second of three, same words twice", "CREATE TABLE a (x INTEGER);\nCREATE TABLE a (x INTEGER);\nCREATE TABLE c (x INTEGER);\n", 2, "CREATE TABLE a", ""},
	}
	perEngine := map[string][]tc{
		"postgres": {
			// An error with a position: the line of the position itself.
			{"type error with position", "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (\n  id INTEGER,\n  y nosuchtype\n);\n", 4, "nosuchtype", "nosuchtype"},
		},
		"mariadb": {
			{"syntax error on the statement's third line", "CREATE TABLE a (x INTEGER);\n\nCREATE TABLE b (\n  id INTEGER,\n  y INTEGER NOT NOT NULL\n);\n", 5, "CREATE TABLE b", "syntax"},
			{"routine body: not cut", "CREATE TABLE a (x INTEGER);\nCREATE PROCEDURE p() BEGIN SELECT 1; END;\nINSERT INTO nope VALUES (1);\n", 0, "", ""},
		},
		"sqlite": {
			{"trigger body kept whole", "CREATE TABLE a (x INTEGER);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND;\nINSERT INTO nope VALUES (1);\n", 0, "", ""},
		},
	}
	pgx5 := func(t testing.TB) string { return "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://") }
	multi := func(t testing.TB) string { return dbtest.Postgres(t) + "&x-multi-statement=true" }
	engines := append(append([]dbtest.Engine(nil), dbtest.Engines...), dbtest.Engine{Name: "pgx5", New: pgx5}, dbtest.Engine{Name: "postgres-multi", New: multi})
	dbtest.EachEngine(t, engines, func(t *testing.T, eng dbtest.Engine, url string) {
		family := eng.Name
		if strings.HasPrefix(family, "p") {
			family = "postgres"
		}
		cases := append(append([]tc(nil), common...), perEngine[family]...)
		for _, c := range cases {
			// One database per engine: each case a fresh version.
			t.Run(c.name, func(t *testing.T) {
				u := eng.New(t)
				o := writeDir(t, u, map[string]string{"1_f.up.sql": c.file})
				res, err := Migrate(context.Background(), o, 0, false)
				if err == nil || res.Failure == nil {
					t.Fatalf("want a failure, got %v %+v", err, res)
				}
				f := res.Failure
				// Running statement by statement keeps each engine's
				// transaction model: SQLite and PostgreSQL undo the file,
				// MariaDB keeps the DDL before the failing statement.
				if has, want := dbtest.HasTable(t, strings.TrimSuffix(u, "&x-multi-statement=true"), "a"), eng.Name == "mariadb" || eng.Name == "postgres-multi"; has != want {
					t.Errorf("table a exists: %t, want %t (rolled back: %t)", has, want, f.RolledBack)
				}
				if family == "postgres" && eng.Name != "postgres-multi" && c.name == "second of three, same words twice" {
					// 42P07 carries no position: not known, and said so.
					if f.Line != 0 || f.LineUnknown == "" {
						t.Errorf("line %d (%q): PostgreSQL gave no position, the line must be reported as unknown", f.Line, f.LineUnknown)
					}
					return
				}
				want := c.line
				if family == "postgres" && c.name == "third of three" {
					want = 7 // PostgreSQL's position: the table name on the statement's second line
				}
				if f.Line != want {
					t.Errorf("line %d, want %d (statement %q, unknown %q, reason %q)", f.Line, want, f.Statement, f.LineUnknown, f.Reason)
				}
				if c.stmt == "" {
					if f.LineUnknown == "" {
						t.Errorf("line not known, but the result does not say why")
					}
				} else if !strings.Contains(f.Statement, c.stmt) || strings.Count(f.Statement, ";") > 1 || len(f.Statement) >= len(strings.TrimSpace(c.file)) {
					t.Errorf("statement %q: want only the failing statement, holding %q", f.Statement, c.stmt)
				}
				if strings.Contains(f.Reason, "migration failed") {
					t.Errorf("reason repeats golang-migrate's wrapper: %q", f.Reason)
				}
				if c.reason != "" && !strings.Contains(strings.ToLower(f.Reason), c.reason) {
					t.Errorf("reason %q lacks %q", f.Reason, c.reason)
				}
				words := f.Reason
				if n := strings.Count(err.Error(), words); n != 1 {
					t.Errorf("the engine's words appear %d times in %q", n, err.Error())
				}
			})
		}
	})
}

// countingDriver records what the driver was asked to run.
type countingDriver struct {
	database.Driver
	runs []string
	fail string // a Run whose text holds fail fails
}

func (c *countingDriver) Run(r io.Reader) error {
	b, _ := io.ReadAll(r)
	c.runs = append(c.runs, string(b))
	if c.fail != "" && strings.Contains(string(b), c.fail) {
		return database.Error{OrigErr: errors.New("boom"), Query: b}
	}
	return nil
}

// TestStatedDriverRunsEachByteOnce: cut or not, every byte of the file is
// sent once, in order: the chunks joined are the file.
func TestStatedDriverRunsEachByteOnce(t *testing.T) {
	t.Parallel()
	src := "-- head\nCREATE TABLE a (x INT);\nINSERT INTO a VALUES (';');\n/* tail */\n"
	for _, u := range []string{"mysql://u@tcp(h:3306)/d", "sqlite://:memory:", "sqlite://x.db?x-no-tx-wrap=true"} {
		db, err := ParseURL(u)
		if err != nil {
			t.Fatal(err)
		}
		c := &countingDriver{}
		d := &statedDriver{Driver: c, db: db}
		if err := d.Run(strings.NewReader(src)); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if got := strings.Join(c.runs, ""); got != src {
			t.Errorf("%s: ran %q, want the file once: %q", u, c.runs, src)
		}
		if u == "sqlite://:memory:" && len(c.runs) != 1 {
			t.Errorf("in-memory: %d runs, want the whole file once", len(c.runs))
		}
		c = &countingDriver{fail: "INSERT"}
		d = &statedDriver{Driver: c, db: db}
		err = d.Run(strings.NewReader(src))
		var se *stmtError
		if !errors.As(err, &se) {
			t.Fatalf("%s: %v is not located", u, err)
		}
		if u == "sqlite://:memory:" {
			if se.Line != 0 || se.Unknown == "" {
				t.Errorf("in-memory: line %d, unknown %q", se.Line, se.Unknown)
			}
		} else if se.Line != 3 || !strings.HasPrefix(se.Statement, "INSERT") {
			t.Errorf("%s: line %d statement %q", u, se.Line, se.Statement)
		}
	}
}

// TestPostgresUnlexableFile: a file the splitter cannot lex still gets the
// line of PostgreSQL's error position and that line's text.
func TestPostgresUnlexableFile(t *testing.T) {
	t.Parallel()
	u := dbtest.Postgres(t)
	o := writeDir(t, u, map[string]string{"1_f.up.sql": "CREATE TABLE a (x INTEGER);\nSELECT 1 FROM;\nSELECT 'unterminated;\n"})
	res, err := Migrate(context.Background(), o, 0, false)
	if err == nil || res.Failure == nil {
		t.Fatalf("want a failure: %v", err)
	}
	if f := res.Failure; f.Line != 2 || !strings.Contains(f.Statement, "SELECT 1 FROM") {
		t.Errorf("line %d statement %q reason %q", f.Line, f.Statement, f.Reason)
	}
}

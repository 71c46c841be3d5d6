package rehearse

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/schema"
)

// everyType is a table with the column types of each engine, NOT NULL
// and unique where a type allows it.
var everyType = map[string][]string{
	"postgres": {
		"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
		`CREATE TABLE every (id serial PRIMARY KEY, s smallint NOT NULL, i integer NOT NULL UNIQUE, b bigint NOT NULL,
		  n numeric(12,2) NOT NULL, r real, d double precision, money_col money,
		  t text NOT NULL UNIQUE, vc varchar(40) NOT NULL, c char(8),
		  bo boolean NOT NULL, u uuid NOT NULL UNIQUE, dt date NOT NULL, ts timestamp NOT NULL, tz timestamptz,
		  tm time, iv interval, j json, jb jsonb NOT NULL, by bytea NOT NULL, ip inet, cidr_col cidr, m mood NOT NULL,
		  arr integer[], x xml, tsv tsvector, pt point,
		  gen integer GENERATED ALWAYS AS (i * 2) STORED, ident bigint GENERATED ALWAYS AS IDENTITY)`,
	},
	"mariadb": {
		`CREATE TABLE every (id int AUTO_INCREMENT PRIMARY KEY, ti tinyint NOT NULL, s smallint NOT NULL, i int NOT NULL UNIQUE,
		  b bigint NOT NULL, n decimal(12,2) NOT NULL, f float, d double, t text NOT NULL, vc varchar(40) NOT NULL UNIQUE,
		  c char(8), bo boolean NOT NULL, dt date NOT NULL, dtm datetime NOT NULL, ts timestamp NULL, tm time, y year,
		  j json NOT NULL, bl blob, vb varbinary(16) NOT NULL, e enum('a','b','c') NOT NULL, st set('x','y'),
		  gen int AS (i * 2) VIRTUAL, bt bit(1))`,
	},
	"sqlite": {
		`CREATE TABLE every (id INTEGER PRIMARY KEY, i INTEGER NOT NULL UNIQUE, r REAL NOT NULL, t TEXT NOT NULL UNIQUE,
		  vc VARCHAR(40) NOT NULL, bl BLOB, n NUMERIC NOT NULL, bo BOOLEAN NOT NULL, dt DATE NOT NULL, ts DATETIME,
		  untyped, j JSON, gen INTEGER GENERATED ALWAYS AS (i * 2) VIRTUAL)`,
	},
}

func fill(t *testing.T, eng, url string, stmts []string, rows int) []Filled {
	t.Helper()
	db := dbtest.Open(t, url)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	d := dialectFor(eng)
	s, err := schema.Inspect(context.Background(), db, d, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(context.Background(), db, d, s, rows)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func dialectFor(eng string) string {
	if eng == "mariadb" {
		return schema.MySQL
	}
	return eng
}

// TestGenerateEveryType: 1000 rows into a table of every column type,
// unique columns distinct, nullable columns with some NULLs, non-unique
// columns repeating.
func TestGenerateEveryType(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		out := fill(t, eng.Name, url, everyType[eng.Name], 1000)
		if len(out) != 1 || out[0].Rows != 1000 || out[0].Skipped != "" {
			t.Fatalf("filled %+v", out)
		}
		db := dbtest.Open(t, url)
		var n, distinctI, distinctT, nullTS, distinctVC int
		uniqueText, repeatText := "t", "vc"
		if eng.Name == "mariadb" {
			uniqueText, repeatText = "vc", "t"
		}
		q := "SELECT COUNT(*), COUNT(DISTINCT i), COUNT(DISTINCT " + uniqueText + "), COUNT(*) - COUNT(ts), COUNT(DISTINCT " + repeatText + ") FROM every"
		if eng.Name == "postgres" {
			q = strings.Replace(q, "COUNT(ts)", "COUNT(tz)", 1)
		}
		if err := db.QueryRow(q).Scan(&n, &distinctI, &distinctT, &nullTS, &distinctVC); err != nil {
			t.Fatal(err)
		}
		if n != 1000 || distinctI != 1000 || distinctT != 1000 {
			t.Errorf("%d rows, %d distinct i, %d distinct %s: unique columns must be distinct", n, distinctI, distinctT, uniqueText)
		}
		if nullTS != 100 {
			t.Errorf("%d NULLs in a nullable column, want one in ten", nullTS)
		}
		if distinctVC >= 100 {
			t.Errorf("%d distinct values in non-unique %s: values should repeat", distinctVC, repeatText)
		}
	})
}

// TestGenerateReportsAndSkips: what the generator cannot fill is skipped
// with the reason, and the rest is filled: a NOT NULL foreign-key cycle, a
// type it does not know, a check it cannot satisfy; a nullable
// self-reference and a cycle through a nullable column are filled with
// NULLs; a composite key of two foreign keys takes distinct pairs.
func TestGenerateReportsAndSkips(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	out := fill(t, "postgres", url, []string{
		"CREATE TABLE a (id serial PRIMARY KEY, b_id integer NOT NULL)",
		"CREATE TABLE b (id serial PRIMARY KEY, a_id integer NOT NULL REFERENCES a (id))",
		"ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id)",
		"CREATE TABLE tree (id serial PRIMARY KEY, parent_id integer REFERENCES tree (id))",
		"CREATE TABLE odd (id serial PRIMARY KEY, p point NOT NULL)",
		"CREATE TABLE strict (id serial PRIMARY KEY, code text NOT NULL CHECK (code ~ '^[A-Z]{3}$'))",
		"CREATE TABLE tags (id serial PRIMARY KEY, name text NOT NULL UNIQUE)",
		"CREATE TABLE tree_tags (tree_id integer NOT NULL REFERENCES tree (id), tag_id integer NOT NULL REFERENCES tags (id), PRIMARY KEY (tree_id, tag_id))",
	}, 100)
	got := map[string]Filled{}
	for _, f := range out {
		got[f.Table] = f
	}
	for table, want := range map[string]string{
		"a":      "NOT NULL and part of a foreign key cycle",
		"b":      "NOT NULL and its parent table a was skipped",
		"odd":    "column p has type point",
		"strict": "the database rejected the generated rows",
	} {
		if f := got[table]; f.Rows != 0 || !strings.Contains(f.Skipped, want) {
			t.Errorf("%s: %+v, want skipped with %q", table, f, want)
		}
	}
	for _, table := range []string{"tree", "tags", "tree_tags"} {
		if f := got[table]; f.Rows != 100 || f.Skipped != "" {
			t.Errorf("%s: %+v, want 100 rows", table, f)
		}
	}
	var nulls int
	if err := dbtest.Open(t, url).QueryRow("SELECT COUNT(*) FROM tree WHERE parent_id IS NULL").Scan(&nulls); err != nil || nulls != 100 {
		t.Errorf("tree.parent_id: %d NULLs (%v), want all: a self-reference is NULL", nulls, err)
	}
}

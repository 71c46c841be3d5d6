package schema_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/schema"
)

func dialect(eng string) string {
	if eng == "mariadb" {
		return schema.MySQL
	}
	return eng
}

func snapshot(t *testing.T, eng, url string, exclude ...string) *schema.Schema {
	t.Helper()
	s, err := schema.Inspect(context.Background(), dbtest.Open(t, url), dialect(eng), schema.Options{Exclude: exclude})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return s
}

func exec(t *testing.T, url string, stmts ...string) {
	t.Helper()
	db := dbtest.Open(t, url)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// creation is one schema, as statements whose order can change.
var creation = map[string][]string{
	"postgres": {
		"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
		"CREATE SEQUENCE ticket_seq",
		"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
		"CREATE TABLE a (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x', m mood, CONSTRAINT a_name_key UNIQUE (name), CONSTRAINT a_name_check CHECK (length(name) > 0))",
		"CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id integer, total numeric(10,2), label varchar(10), twice numeric GENERATED ALWAYS AS (total * 2) STORED)",
		"CREATE TABLE schema_migrations (version bigint)",
	},
	"mariadb": {
		"CREATE TABLE a (id int AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', m enum('sad','ok'), CONSTRAINT a_name_key UNIQUE (name), CONSTRAINT a_name_check CHECK (length(name) > 0))",
		"CREATE TABLE b (id bigint AUTO_INCREMENT PRIMARY KEY, a_id int, total decimal(10,2), twice decimal(12,2) AS (total * 2) VIRTUAL)",
		"CREATE TABLE schema_migrations (version bigint)",
	},
	"sqlite": {
		"CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x' UNIQUE, CONSTRAINT a_name_check CHECK (length(name) > 0))",
		"CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id), total REAL, twice REAL GENERATED ALWAYS AS (total * 2) VIRTUAL)",
		"CREATE TABLE schema_migrations (version bigint)",
	},
}

// after runs after the tables exist, in either order.
var after = map[string][]string{
	"postgres": {
		"ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE",
		"CREATE INDEX b_total_idx ON b (total) WHERE total > 0",
		"CREATE INDEX b_lower_idx ON b USING hash (a_id)",
		"CREATE VIEW big AS SELECT id, total FROM b WHERE total > 100",
		"CREATE TRIGGER b_touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch()",
	},
	"mariadb": {
		"ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE",
		"CREATE INDEX b_total_idx ON b (total)",
		"CREATE VIEW big AS SELECT id, total FROM b WHERE total > 100",
		"CREATE TRIGGER b_touch BEFORE UPDATE ON b FOR EACH ROW SET NEW.total = NEW.total",
	},
	"sqlite": {
		"CREATE INDEX b_total_idx ON b (total) WHERE total > 0",
		"CREATE VIEW big AS SELECT id, total FROM b WHERE total > 100",
		"CREATE TRIGGER b_touch BEFORE UPDATE ON b BEGIN SELECT 1; END",
	},
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// TestSnapshotEqualWhateverTheOrder: the same schema created in another
// order snapshots equal, and the snapshot holds every object (so equality
// is not two empty snapshots).
func TestSnapshotEqualWhateverTheOrder(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		exec(t, url, append(creation[eng.Name], after[eng.Name]...)...)
		other := eng.New(t)
		c := creation[eng.Name]
		// Types and sequences first; the tables in reverse order.
		var first, tables []string
		for _, q := range c {
			if strings.HasPrefix(q, "CREATE TABLE") {
				tables = append(tables, q)
			} else {
				first = append(first, q)
			}
		}
		exec(t, other, append(append(first, reversed(tables)...), reversed(after[eng.Name])...)...)
		s1 := snapshot(t, eng.Name, url, "schema_migrations")
		s2 := snapshot(t, eng.Name, other, "schema_migrations")
		if d := schema.Diff(s1, s2); len(d) > 0 {
			t.Fatalf("snapshots differ: %+v", d)
		}
		if _, ok := s1.Tables["schema_migrations"]; ok {
			t.Error("schema_migrations not left out")
		}
		a, b := s1.Tables["a"], s1.Tables["b"]
		if a == nil || b == nil || len(s1.Tables) != 2 || len(s1.Views) != 1 {
			t.Fatalf("snapshot misses objects: %+v", s1)
		}
		if a.PrimaryKey == nil || len(b.Indexes) == 0 || len(b.Triggers) != 1 || len(a.Checks) == 0 {
			t.Errorf("a %+v b %+v", a, b)
		}
		serial := a.Columns[0].AutoIncrement || strings.HasPrefix(a.Columns[0].Default, "nextval(")
		if !serial || !b.Columns[0].AutoIncrement {
			t.Errorf("id columns not auto-increment: %+v %+v", a.Columns[0], b.Columns[0])
		}
		if b.Column("twice").Generated == "" {
			t.Errorf("twice not generated: %+v", b.Column("twice"))
		}
		if a.Column("name").Default == "" || a.Column("name").Nullable {
			t.Errorf("name: %+v", a.Column("name"))
		}
		if len(b.ForeignKeys) != 1 || b.ForeignKeys[0].RefTable != "a" || eng.Name != "sqlite" && b.ForeignKeys[0].OnDelete != "CASCADE" {
			t.Errorf("b foreign keys: %+v", b.ForeignKeys)
		}
		if eng.Name == "postgres" && (len(s1.Enums) != 1 || len(s1.Sequences) != 1) {
			t.Errorf("enums %v sequences %v (owned serial sequences must be left out)", s1.Enums, s1.Sequences)
		}
	})
}

// TestDiffDetectsEachKind: one change of every object kind, read back
// from the catalog and found by Diff.
func TestDiffDetectsEachKind(t *testing.T) {
	t.Parallel()
	changes := map[string][]struct {
		stmt                 string
		object, name, change string
	}{
		"postgres": {
			{"CREATE TABLE c (id integer)", "table", "c", "added"},
			{"ALTER TABLE a ADD COLUMN email text", "column", "a.email", "added"},
			{"ALTER TABLE b ALTER COLUMN label TYPE varchar(20)", "column", "b.label", "changed"},
			{"ALTER TABLE a ALTER COLUMN name SET DEFAULT 'y'", "column", "a.name", "changed"},
			{"ALTER TABLE b ALTER COLUMN a_id SET NOT NULL", "column", "b.a_id", "changed"},
			{"DROP INDEX b_total_idx", "index", "b.b_total_idx", "removed"},
			{"CREATE UNIQUE INDEX b_a_idx ON b (a_id)", "index", "b.b_a_idx", "added"},
			{"ALTER TABLE a DROP CONSTRAINT a_name_key", "unique", "a.a_name_key", "removed"},
			{"ALTER TABLE b DROP CONSTRAINT b_a_fk", "foreign key", "b.b_a_fk", "removed"},
			{"ALTER TABLE a DROP CONSTRAINT a_name_check", "check", "a.a_name_check", "removed"},
			{"DROP TRIGGER b_touch ON b", "trigger", "b.b_touch", "removed"},
			{"DROP VIEW big", "view", "big", "removed"},
			{"DROP SEQUENCE ticket_seq", "sequence", "ticket_seq", "removed"},
			{"ALTER TYPE mood ADD VALUE 'meh'", "enum", "mood", "changed"},
			{"ALTER TABLE c ADD PRIMARY KEY (id)", "", "", ""},
		},
		"mariadb": {
			{"CREATE TABLE c (id integer)", "table", "c", "added"},
			{"ALTER TABLE a ADD COLUMN email text", "column", "a.email", "added"},
			{"ALTER TABLE b MODIFY total decimal(12,2)", "column", "b.total", "changed"},
			{"DROP INDEX b_total_idx ON b", "index", "b.b_total_idx", "removed"},
			{"ALTER TABLE b DROP FOREIGN KEY b_a_fk", "foreign key", "b.b_a_fk", "removed"},
			{"ALTER TABLE a DROP CONSTRAINT a_name_check", "check", "a.a_name_check", "removed"},
			{"DROP TRIGGER b_touch", "trigger", "b.b_touch", "removed"},
			{"DROP VIEW big", "view", "big", "removed"},
			{"ALTER TABLE c ADD PRIMARY KEY (id)", "", "", ""},
		},
		"sqlite": {
			{"CREATE TABLE c (id integer)", "table", "c", "added"},
			{"ALTER TABLE a ADD COLUMN email text", "column", "a.email", "added"},
			{"DROP INDEX b_total_idx", "index", "b.b_total_idx", "removed"},
			{"DROP TRIGGER b_touch", "trigger", "b.b_touch", "removed"},
			{"DROP VIEW big", "view", "big", "removed"},
		},
	}
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		exec(t, url, append(creation[eng.Name], after[eng.Name]...)...)
		before := snapshot(t, eng.Name, url)
		for _, c := range changes[eng.Name] {
			exec(t, url, c.stmt)
		}
		d := schema.Diff(before, snapshot(t, eng.Name, url))
		got := map[string]bool{}
		for _, c := range d {
			got[c.Object+" "+c.Name+" "+c.Change] = true
		}
		for _, c := range changes[eng.Name] {
			if c.object == "" {
				continue
			}
			if want := c.object + " " + c.name + " " + c.change; !got[want] {
				t.Errorf("diff lacks %q after %s", want, c.stmt)
			}
		}
		if t.Failed() {
			t.Logf("diff: %+v", d)
		}
		if again := schema.Diff(before, snapshot(t, eng.Name, url)); len(again) != len(d) {
			t.Errorf("diff not deterministic: %d then %d changes", len(d), len(again))
		}
	})
}

// TestUnnamedConstraintsByContent: constraints the engine numbers in
// creation order (MySQL's t_ibfk_N, SQLite's sqlite_autoindex_t_N) compare
// by what they are, not by their number.
func TestUnnamedConstraintsByContent(t *testing.T) {
	t.Parallel()
	stmts := map[string][2]string{
		"mariadb": {"CREATE TABLE p (id int PRIMARY KEY, k int UNIQUE)",
			"CREATE TABLE c (id int, a int, b int, FOREIGN KEY (%s) REFERENCES p (id) ON DELETE CASCADE, FOREIGN KEY (%s) REFERENCES p (id))"},
		"sqlite": {"CREATE TABLE p (id INTEGER PRIMARY KEY, k INTEGER UNIQUE)",
			"CREATE TABLE c (id INTEGER, a INTEGER, b INTEGER, UNIQUE (%s), UNIQUE (%s))"},
	}
	for _, eng := range dbtest.Engines[1:] {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			s := stmts[eng.Name]
			one, two := eng.New(t), eng.New(t)
			exec(t, one, s[0], fmt.Sprintf(s[1], "a", "b"))
			exec(t, two, s[0], fmt.Sprintf(s[1], "b", "a"))
			if eng.Name == "mariadb" {
				// the rules follow the columns, so swap them back
				exec(t, two, "ALTER TABLE c DROP FOREIGN KEY c_ibfk_1", "ALTER TABLE c DROP FOREIGN KEY c_ibfk_2",
					"ALTER TABLE c ADD FOREIGN KEY (b) REFERENCES p (id)", "ALTER TABLE c ADD FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE")
			}
			if d := schema.Diff(snapshot(t, eng.Name, one), snapshot(t, eng.Name, two)); len(d) > 0 {
				t.Errorf("differ: %+v", d)
			}
		})
	}
}

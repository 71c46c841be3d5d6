package sqllint

import (
	"strings"
	"testing"
)

func TestLintChangeSet(t *testing.T) {
	t.Parallel()
	f := func(path, src string) File { return File{Path: path, Src: []byte(src)} }
	tests := []struct {
		name, dialect string
		base, changed []File
		want          string // rulesOf
		note          string // substring of the one note, "" for none
	}{
		{"a table created by an earlier file of the change set is new", dialectPostgres, nil,
			[]File{f("1.up.sql", "CREATE TABLE coupons (id bigint PRIMARY KEY, code text);"),
				f("2.up.sql", "CREATE INDEX coupons_code_idx ON coupons (code);\nALTER TABLE coupons DROP COLUMN code;")},
			"", ""},
		{"the same index on a base table is judged", dialectPostgres,
			[]File{f("0.up.sql", "CREATE TABLE coupons (id bigint PRIMARY KEY, code text);")},
			[]File{f("2.up.sql", "CREATE INDEX coupons_code_idx ON coupons (code);")},
			"SG211@1 SG224@1", ""},
		{"CREATE TABLE IF NOT EXISTS of a base table is not new", dialectMySQL,
			[]File{f("0.up.sql", "CREATE TABLE Channels (Id varchar(26) NOT NULL, Purpose text, PRIMARY KEY (Id));")},
			[]File{f("1.up.sql", "SET SESSION lock_wait_timeout = 5;\nCREATE TABLE IF NOT EXISTS Channels (Id varchar(26) NOT NULL, PRIMARY KEY (Id));\nALTER TABLE Channels DROP COLUMN Purpose;")},
			"SG202@3 SG222@3", ""},
		{"a rename in the change set is seen by the next file", dialectPostgres,
			[]File{f("0.up.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY, total varchar(20));")},
			[]File{f("1.up.sql", "SET lock_timeout = '5s';\n-- schemagate:ignore SG204 the code reads both names since v9\nALTER TABLE invoices RENAME COLUMN total TO amount;"),
				f("2.up.sql", "SET lock_timeout = '5s';\nALTER TABLE invoices ALTER COLUMN amount TYPE varchar(40);\nALTER TABLE invoices ALTER COLUMN total TYPE text;")},
			"SG206@3 SG231@3", ""},
		{"a base file that does not parse: said once, files judged alone", dialectPostgres,
			[]File{f("0.up.sql", "CREATE TABLE ok (id int);"), f("1.up.sql", "CREATE TABLE broken (note text DEFAULT 'x);"), f("2.up.sql", "CREATE TABLE later (id int);")},
			[]File{f("3.up.sql", "SET lock_timeout = '5s';\nALTER TABLE nowhere DROP COLUMN c;")},
			"SG202@2", "1.up.sql does not parse"},
		{"MySQL: a base file that does not parse", dialectMySQL,
			[]File{f("1.up.sql", "CREATE TABLE broken (id int;")},
			[]File{f("3.up.sql", "SET SESSION lock_wait_timeout = 5;\nALTER TABLE nowhere DROP COLUMN c;")},
			"SG202@2", "1.up.sql does not parse"},
		{"a base DO block may create any table: no SG231 for a table the model does not know", dialectPostgres,
			[]File{f("1.up.sql", "DO $$ BEGIN EXECUTE 'CREATE TABLE ' || 'audit' || ' (id int)'; END $$;")},
			[]File{f("3.up.sql", "SET lock_timeout = '5s';\n-- schemagate:ignore SG201 replaced by audit_log\nDROP TABLE audit;")},
			"", ""},
		{"a base DO guard is read: its table's column types judge a widening", dialectPostgres,
			[]File{f("1.up.sql", "DO $$\nBEGIN\n  IF to_regclass('audit') IS NULL THEN\n    CREATE TABLE audit (id int, note varchar(10));\n  END IF;\nEND\n$$;")},
			[]File{f("3.up.sql", "SET lock_timeout = '5s';\nALTER TABLE audit ALTER COLUMN note TYPE varchar(20);\nALTER TABLE audit ALTER COLUMN id TYPE bigint;")},
			"SG206@3", ""},
		{"MySQL: a base prepared statement built with CONCAT may create anything: no SG231", dialectMySQL,
			[]File{f("1.up.sql", "SET @s = CONCAT('CREATE TABLE ', 'audit', ' (id int)');\nPREPARE st FROM @s;\nEXECUTE st;")},
			[]File{f("3.up.sql", "SET SESSION lock_wait_timeout = 5;\n-- schemagate:ignore SG201 replaced by audit_log\nDROP TABLE audit;")},
			"", ""},
		{"base statements that change no columns (DML, triggers) leave the model as it is", dialectPostgres,
			[]File{f("1.up.sql", "CREATE TABLE t (name varchar(20));\nUPDATE t SET name = (SELECT 'x') WHERE name IS NULL;\nCREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();")},
			[]File{f("3.up.sql", "SET lock_timeout = '5s';\nALTER TABLE t ALTER COLUMN name TYPE varchar(40);")},
			"", ""},
		{"an ALTER TABLE the model cannot read makes the table's types unknown: SG206 judged without them", dialectPostgres,
			[]File{f("1.up.sql", "CREATE TABLE t (name varchar(20));\nALTER TABLE t ALTER COLUMN name TYPE int USING name::int;")},
			[]File{f("3.up.sql", "SET lock_timeout = '5s';\nALTER TABLE t ALTER COLUMN name TYPE varchar(40);")},
			"SG206@2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, notes := Settings{}.LintChangeSet(tt.dialect, tt.base, tt.changed)
			if r := rulesOf(got); r != tt.want {
				t.Errorf("got %q, want %q:\n%s", r, tt.want, render(got))
			}
			switch {
			case tt.note == "" && len(notes) > 0:
				t.Errorf("unexpected notes %q", notes)
			case tt.note != "" && (len(notes) != 1 || !strings.Contains(notes[0], tt.note)):
				t.Errorf("notes %q, want one naming %q", notes, tt.note)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	drop := []byte("ALTER TABLE users DROP COLUMN name;")
	if got := rulesOf((Settings{Severity: map[string]string{"SG202": "off", "SG224": "off"}}).Lint(dialectPostgres, "m.sql", drop)); got != "" {
		t.Errorf("rules turned off still fire: %s", got)
	}
	got := (Settings{Severity: map[string]string{"SG202": "warning"}}).Lint(dialectPostgres, "m.sql", drop)
	if len(got) == 0 || got[0].Rule != "SG202" || got[0].Severity != "warning" {
		t.Errorf("SG202 not downgraded: %v", got)
	}
	// A suppression of a rule turned off is not stale (SG291).
	sup := []byte("SET lock_timeout = '1s';\n-- schemagate:ignore SG202 gone since v3\nALTER TABLE users DROP COLUMN name;")
	if got := rulesOf((Settings{Severity: map[string]string{"SG202": "off"}}).Lint(dialectPostgres, "m.sql", sup)); got != "" {
		t.Errorf("got %s", got)
	}
	// Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run in a transaction.
	enum := []byte("ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';\nCOMMENT ON TYPE mood IS 'feelings';")
	if got := rulesOf((Settings{PostgresVersion: 11}).Lint(dialectPostgres, "m.sql", enum)); got != "SG221@1" {
		t.Errorf("PostgreSQL 11 ADD VALUE in a transaction: %s", got)
	}
	if got := rulesOf((Settings{PostgresVersion: 12}).Lint(dialectPostgres, "m.sql", enum)); got != "" {
		t.Errorf("PostgreSQL 12 ADD VALUE: %s", got)
	}
	// SG230 is off by default and on with a severity.
	ddl := []byte("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN nick text;")
	if got := rulesOf(Lint(dialectPostgres, "m.sql", ddl)); got != "" {
		t.Errorf("SG230 fired by default: %s", got)
	}
	if got := rulesOf((Settings{Severity: map[string]string{"SG230": "error"}}).Lint(dialectPostgres, "m.sql", ddl)); got != "SG230@2" {
		t.Errorf("SG230 on: %s", got)
	}
	// PostgreSQL 10 rewrites the table for any default; 11 does not.
	def := []byte("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;")
	if got := rulesOf((Settings{PostgresVersion: 10}).Lint(dialectPostgres, "m.sql", def)); got != "SG216@2" {
		t.Errorf("PostgreSQL 10: %s", got)
	}
	if got := rulesOf((Settings{PostgresVersion: 11}).Lint(dialectPostgres, "m.sql", def)); got != "" {
		t.Errorf("PostgreSQL 11: %s", got)
	}
	// MySQL before 8.0.12 rebuilds the table to add a column.
	add := []byte("SET SESSION lock_wait_timeout = 5;\nALTER TABLE users ADD COLUMN nick varchar(40);")
	for v, want := range map[string]string{"5.7": "SG219@2", "8.0.11": "SG219@2", "8.0.12": "", "": "", "10.2": "SG219@2", "10.3.2": ""} {
		if got := rulesOf((Settings{MySQLVersion: v}).Lint(dialectMySQL, "m.sql", add)); got != want {
			t.Errorf("MySQL %q: %s, want %q", v, got, want)
		}
	}
	for _, bad := range []Settings{
		{Severity: map[string]string{"SG999": "off"}},
		{Severity: map[string]string{"SG202": "loud"}},
		{Severity: map[string]string{"SG290": "off"}},
		{PostgresVersion: 3},
		{MySQLVersion: "eight"},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if err := (Settings{Severity: map[string]string{"SG224": "off", "SG200": "warning"}, PostgresVersion: 14, MySQLVersion: "8.0"}).Validate(); err != nil {
		t.Error(err)
	}
}

package sqllint

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// pgBoth parses src with the fast path and with libpg_query. fastOK is
// false when the fast path declined the file.
func pgBoth(src string) (fast []stmt, fastOK bool, full parsed) {
	p := parsed{lines: newLines(src)}
	toks, _, err := lex(dialectPostgres, src)
	full = parsePostgresFull(src, toks, p)
	if err != nil {
		return nil, false, full
	}
	fast, fastOK = pgFast(src, toks, p.lines)
	return fast, fastOK, full
}

func checkPgFastAgrees(t *testing.T, name, src string) bool {
	t.Helper()
	fast, ok, full := pgBoth(src)
	if !ok {
		return false
	}
	if full.err != "" {
		t.Errorf("%s: the fast path accepted what PostgreSQL rejects (%s, line %d):\n%s", name, full.err, full.errLine, src)
		return true
	}
	if !reflect.DeepEqual(fast, full.stmts) {
		for i := range max(len(fast), len(full.stmts)) {
			var a, b stmt
			if i < len(fast) {
				a = fast[i]
			}
			if i < len(full.stmts) {
				b = full.stmts[i]
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: statement %d differs\nfast:        %+v\nlibpg_query: %+v", name, i, a, b)
				break
			}
		}
	}
	return true
}

// TestPgFastAgrees holds the fast path to libpg_query on every PostgreSQL
// file of the test corpus and on hand-written statements at the edge of
// its grammar: whatever it accepts must parse in libpg_query to the same
// statements, and it must accept most of the corpus (or it saves nothing).
func TestPgFastAgrees(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/history/postgres/*.sql")
	more, _ := filepath.Glob("testdata/rules/*/postgres_*.sql")
	accepted := 0
	for _, path := range append(paths, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if checkPgFastAgrees(t, path, string(src)) {
			accepted++
		}
	}
	t.Logf("fast path accepted %d of %d corpus files", accepted, len(paths)+len(more))
	if accepted*2 < len(paths)+len(more) {
		t.Errorf("fast path accepted only %d of %d corpus files", accepted, len(paths)+len(more))
	}
	for _, tc := range pgFastCases {
		fast := checkPgFastAgrees(t, tc.src, tc.src)
		if fast != tc.fast {
			t.Errorf("fast path accepted=%v, want %v for:\n%s", fast, tc.fast, tc.src)
		}
	}
}

var pgFastCases = []struct {
	src  string
	fast bool
}{
	{"CREATE TABLE t (id bigserial PRIMARY KEY, name varchar(200) NOT NULL DEFAULT '', at timestamp(3) with time zone DEFAULT now());", true},
	{"CREATE TABLE IF NOT EXISTS s.t (a int, b double precision, c character varying(5)[], CONSTRAINT t_pk PRIMARY KEY (a), FOREIGN KEY (b) REFERENCES u (id) ON DELETE CASCADE);", true},
	{"CREATE TABLE t (a int REFERENCES u ON DELETE SET NULL ON UPDATE NO ACTION, b uuid DEFAULT gen_random_uuid(), c jsonb DEFAULT '{}'::jsonb);", true},
	{"ALTER TABLE t ADD COLUMN IF NOT EXISTS c text, ADD d int NOT NULL DEFAULT -1, DROP COLUMN IF EXISTS e CASCADE;", true},
	{"ALTER TABLE ONLY t ALTER COLUMN c SET NOT NULL, ALTER c DROP NOT NULL, ALTER c SET DEFAULT 'x', ALTER c TYPE bigint, ALTER c SET DATA TYPE varchar(10);", true},
	{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT fk;", true},
	{"ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i; ALTER TABLE t ADD PRIMARY KEY (id); ALTER TABLE t DROP CONSTRAINT IF EXISTS x;", true},
	{"ALTER TABLE t RENAME TO u; ALTER TABLE u RENAME COLUMN a TO b; ALTER TABLE u RENAME b TO c; ALTER TABLE u RENAME CONSTRAINT x TO y;", true},
	{"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t USING btree (a DESC NULLS LAST, b) INCLUDE (c);", true},
	{"CREATE INDEX ON t (a); DROP INDEX CONCURRENTLY IF EXISTS i; DROP TABLE a, s.b CASCADE; DROP VIEW v; DROP MATERIALIZED VIEW m;", true},
	{"SET lock_timeout = '5s'; SET LOCAL statement_timeout TO 0; SET search_path = public, \"$user\"; SET x.y = DEFAULT;", true},
	{"CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public; CREATE SCHEMA IF NOT EXISTS app; CREATE TYPE mood AS ENUM ('a', 'b');", true},
	{"ALTER TYPE mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b'; ALTER TYPE mood RENAME VALUE 'it''s' TO $$its$$;", true},
	{"COMMENT ON TABLE t IS 'x'; COMMENT ON COLUMN t.c IS NULL; INSERT INTO t (a, b) VALUES (1, 'x'), (2, now()) ON CONFLICT (a) DO NOTHING;", true},
	{"BEGIN; COMMIT; START TRANSACTION; ROLLBACK WORK; END;", true},
	{"CREATE TABLE t (a int)\n-- trailing comment, no semicolon\n", true},
	{"-- PostgreSQL ends a comment at a carriage return\rDROP TABLE t;", true},
	{"--\r0", false},
	{"UPDATE t SET a = 1 WHERE b IS DISTINCT FROM c AND d IS NOT DISTINCT FROM 1 AND e LIKE 'x%' AND f NOT ILIKE g || 'y';", true},
	{"CREATE TRIGGER t BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.a IS DISTINCT FROM NEW.a) EXECUTE FUNCTION f();", true},
	{"DELETE FROM t WHERE a LIKE 'x' ESCAPE '!';", false},
	{"DELETE FROM t WHERE a IS DISTINCT b;", false},
	{"", true},
	// Outside the grammar: libpg_query decides.
	{"CREATE TABLE user (id int);", false},
	{"CREATE TABLE t (a int CHECK (a > 0));", true},
	{"CREATE INDEX i ON t (lower(a), (b + 1) DESC);", true},
	{"CREATE INDEX i ON t (a) WHERE a IS NOT NULL;", true},
	{"ALTER TABLE t ALTER COLUMN a TYPE int USING a::int;", false},
	{"UPDATE t SET a = 1;", true},
	{"CREATE TABLE t (a int DEFAULT 1 + 1);", false},
	{"CREATE TABLE t (a intt(1, 2, 3));", false},
	{"CREATE TABLE t (a text COLLATE \"C\" NOT NULL DEFAULT E'\\n');", false},
	{"CREATE TABLE \"" + string(make([]byte, 0)) + "x\u00e9\" (a int);", false},
	{"CREATE TABLE t (a int);; \\c other", false},
	{"SET TIME ZONE 'UTC';", false},
	{"COMMENT ON SCHEMA a.b IS 'x';", false},
	{"CREATE INDEX s.i ON t (a);", false},
	{"CREATE TABLE t (a int) PARTITION BY RANGE (a);", false},
	{"DO $$ BEGIN END $$;", true},
	{"CREATE TABLE t (a varchar(10) 'x');", false},
	{"SELECT 1", true},
	{"CREATE TABLE t (a char, b float(10), c float(30), d decimal(10,2), e character varying(20)[], f timestamp(3) without time zone, g time with time zone, h numeric(010), i double precision, j public.citext, k int[3][]);", true},
	{"ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS a int UNIQUE, DROP COLUMN IF EXISTS b, DROP CONSTRAINT IF EXISTS c, ALTER COLUMN d TYPE varchar(512); ALTER TABLE IF EXISTS t RENAME TO u; DROP TABLE IF EXISTS x, y;", true},
	{"CREATE TABLE t (a float(0));", false},
	{"DELETE FROM s WHERE at < now() - interval '30 days' AND id NOT BETWEEN 1 AND 10 AND d > date '2024-01-01';", true},
	{"ALTER TABLE t ADD COLUMN s tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce_it(name))) STORED;", true},
	{"DELETE FROM s WHERE at < interval '1' day;", false},
	{"UPDATE t SET a = b || 'x', c = lower(d)::text WHERE e IS NOT NULL AND f NOT IN (1, 2) OR NOT (g <> -1);", true},
	{"DELETE FROM t WHERE a IN (SELECT 1);", false},
	{"UPDATE t SET a = 1 FROM u WHERE t.id = u.id;", false},
	{"DELETE FROM t WHERE a=-1;", false},
	{"DELETE FROM t WHERE timestamp < now();", false},
	{"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, ADD COLUMN b bigint GENERATED BY DEFAULT AS IDENTITY;", true},
}

// FuzzPgFastAgrees: whatever the fast path accepts (statements, DO blocks
// and PL/pgSQL bodies), libpg_query accepts and reads to the same
// statements.
func FuzzPgFastAgrees(f *testing.F) {
	for _, tc := range pgFastCases {
		f.Add(tc.src)
	}
	for _, tc := range plFastCases {
		f.Add(tc.src)
	}
	paths, _ := filepath.Glob("testdata/history/postgres/*.sql")
	more, _ := filepath.Glob("testdata/plpgsql/*.sql")
	for _, p := range append(paths, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkPgFastAgrees(t, "fuzz", src)
	})
}

// TestPgFastSkipsWasm: a typical migration is linted without libpg_query
// (whose WebAssembly compile is about a second and 250 MiB per run), and a
// file outside the fast path's grammar still gets PostgreSQL's verdict.
// Not parallel: it reads a process-wide counter.
func TestPgFastSkipsWasm(t *testing.T) {
	src := []byte("SET lock_timeout = '5s';\nCREATE TABLE invoices (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers (id),\n  total_cents bigint NOT NULL DEFAULT 0 CHECK (total_cents >= 0),\n  created_at timestamptz NOT NULL DEFAULT now()\n);\nCREATE INDEX invoices_customer_idx ON invoices (customer_id);\n")
	before := pgFullParses.Load()
	if got := Lint(dialectPostgres, "1.up.sql", src); len(got) != 0 {
		t.Errorf("unexpected findings: %v", got)
	}
	if n := pgFullParses.Load() - before; n != 0 {
		t.Errorf("libpg_query parsed %d file(s) for a plain migration", n)
	}
	got := Lint(dialectPostgres, "2.up.sql", []byte("CREATE TABLE t (a int,, b int);\n"))
	if len(got) != 1 || got[0].Rule != "SG200" || pgFullParses.Load()-before != 1 {
		t.Errorf("a syntax error must reach libpg_query and be SG200: %v", got)
	}
}

// TestBaseHistorySkipsWasm: replaying the base's history never starts
// libpg_query, even for statements outside the fast path (DO blocks,
// functions): check of a plain change set stays cheap on any repository.
// Not parallel: it reads a process-wide counter.
func TestBaseHistorySkipsWasm(t *testing.T) {
	base := []File{
		{Path: "1.up.sql", Src: []byte("CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n")},
		{Path: "2.up.sql", Src: []byte("DO $$ BEGIN PERFORM 1; END $$;\nALTER TABLE users ALTER COLUMN name TYPE varchar(60);\n")},
	}
	changed := []File{{Path: "3.up.sql", Src: []byte("SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN name TYPE varchar(80);\n")}}
	before := pgFullParses.Load()
	got, notes := Settings{}.LintChangeSet(dialectPostgres, base, changed)
	if n := pgFullParses.Load() - before; n != 0 {
		t.Errorf("libpg_query parsed %d file(s)", n)
	}
	if len(got) != 0 || len(notes) != 0 {
		t.Errorf("widening judged against the replayed history: %v %v", got, notes)
	}
}

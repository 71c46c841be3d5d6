package sqllint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestPlFastAgrees holds the PL/pgSQL fast path to libpg_query: every
// realistic file under testdata/plpgsql (those named fallback_* are
// outside the subset on purpose) and every edge case below must be read
// to the same statements, on the same lines, or be declined.
func TestPlFastAgrees(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/plpgsql/*.sql")
	if len(paths) == 0 {
		t.Fatal("no testdata/plpgsql corpus")
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := !strings.HasPrefix(filepath.Base(path), "fallback_")
		if got := checkPgFastAgrees(t, path, string(src)); got != want {
			t.Errorf("%s: fast path accepted=%v, want %v", path, got, want)
		}
	}
	for _, tc := range plFastCases {
		if got := checkPgFastAgrees(t, tc.src, tc.src); got != tc.fast {
			t.Errorf("fast path accepted=%v, want %v for:\n%s", got, tc.fast, tc.src)
		}
	}
	// Every condition name the fast path accepts is one libpg_query knows.
	names := make([]string, 0, len(plConditions))
	for name := range plConditions {
		names = append(names, name)
	}
	sort.Strings(names)
	all := "DO $$ BEGIN NULL; EXCEPTION WHEN " + strings.Join(names, " OR ") + " THEN NULL; END $$;"
	if !checkPgFastAgrees(t, "conditions", all) {
		t.Errorf("the fast path declined its own condition names")
	}
}

var plFastCases = []struct {
	src  string
	fast bool
}{
	{"DO $$ BEGIN END $$;", true},
	{"DO $$BEGIN NULL; END;$$;", true},
	{"DO LANGUAGE plpgsql $$ BEGIN ALTER TABLE t DROP COLUMN c; END $$;", true},
	{"DO $$ BEGIN ALTER TABLE t DROP COLUMN c; END $$ LANGUAGE plpgsql;", true},
	{"DO $x$\nBEGIN\n  -- comment\n  ALTER TABLE t\n    DROP COLUMN c /* trailing */ ;\n  EXECUTE 'ALTER TABLE t ADD COLUMN d text DEFAULT ''x''';\nEND\n$x$;", true},
	{"SET lock_timeout = '1s';\n\nDO $$\nBEGIN\n  EXECUTE\n    'ALTER TABLE t\n     DROP COLUMN c';\nEND $$;", true},
	{"DO $$ BEGIN IF a THEN ALTER TABLE t DROP COLUMN a; ELSIF b THEN ALTER TABLE t DROP COLUMN b; ELSEIF c THEN ALTER TABLE t DROP COLUMN c; ELSE ALTER TABLE t DROP COLUMN d; END IF; END $$;", true},
	{"DO $$ BEGIN IF (SELECT count(*) FROM t) = 0 AND x IN (SELECT id FROM u) THEN NULL; END IF; END $$;", true},
	{"DO $$ BEGIN IF NOT EXISTS (SELECT * FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN x ON true WHERE c.relname = 't' AND n.nspname = current_schema) THEN CREATE TABLE t (id int); END IF; END $$;", true},
	{"DO $$ BEGIN PERFORM 1 FROM t AS a, u b WHERE a.id = b.id; PERFORM pg_catalog.set_config('x', 'y', true); END $$;", true},
	{"DO $$ DECLARE v int; BEGIN v = 1; v := v + 1; found := true; RETURN v; END $$;", true},
	{"DO $$ BEGIN RAISE; END $$;", true},
	{"DO $$ BEGIN RAISE 'x % y %%', 1; RAISE USING MESSAGE = 'm', ERRCODE = 'P0001'; END $$;", true},
	{"DO $$ BEGIN NULL; EXCEPTION WHEN others THEN NULL; WHEN SQLSTATE '23505' OR unique_violation THEN NULL; END $$;", true},
	{"DO $$ BEGIN BEGIN CREATE INDEX i ON t (a); EXCEPTION WHEN duplicate_table THEN NULL; END; DECLARE x int; BEGIN x := 1; END; END $$;", true},
	{"DO $$ DECLARE a int; DECLARE b text NOT NULL := 'x'; BEGIN END $$;", true},
	{"DO $$ BEGIN INSERT INTO t (a) VALUES (1); UPDATE t SET a = 2 WHERE a = 1; DELETE FROM t; END $$;", true},
	{"DO $$ BEGIN COMMENT ON TABLE t IS 'x'; SET LOCAL lock_timeout = '1s'; DROP TABLE IF EXISTS u; END $$;", true},
	{"DO $$ BEGIN EXECUTE 'DO $i$ BEGIN ALTER TABLE t DROP COLUMN c; END $i$'; END $$;", true},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t DROP COLUMN c; END $$;\nSELECT f();", true},
	{"CREATE FUNCTION f(p_t text, int) RETURNS SETOF int LANGUAGE 'plpgsql' VOLATILE COST 100 AS $$ BEGIN p_t := 'x'; END $$; SELECT public.f('a', 1), 2;", true},
	{"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.a := 1; RETURN NEW; END $$; SELECT f();", true},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ this is not checked until called $$;", true},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT 1'; SELECT f();", true},
	{"CREATE FUNCTION plpgsql() RETURNS void LANGUAGE sql AS 'SELECT 1'; SELECT plpgsql();", true},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE \"PLPGSQL\" AS $$ junk $$; SELECT f();", true},
	{"CREATE FUNCTION f(x int DEFAULT 1, OUT y int, INOUT z text) LANGUAGE plpgsql STABLE STRICT NOT LEAKPROOF SECURITY INVOKER PARALLEL RESTRICTED SET search_path TO public, pg_temp AS $$ BEGIN y := x; z := 'a'; END $$; SELECT f(1, 'b');", true},
	{"CREATE TRIGGER t BEFORE UPDATE ON s.t EXECUTE FUNCTION f();", true},
	{"CREATE OR REPLACE TRIGGER t INSTEAD OF DELETE OR TRUNCATE OR INSERT ON v FOR STATEMENT EXECUTE PROCEDURE s.f('a', 2);", true},
	{"DROP FUNCTION f, g(), h(int, text), s.i(varchar(10)) CASCADE;", true},
	{"SELECT f(1), g();", true},
	{"DO $$ BEGIN IF a IS DISTINCT FROM b THEN NULL; END IF; END $$;", true},
	// PostgreSQL rejects these; libpg_query says so (SG200).
	{"DO $$ BEGIN END x $$;", false},
	{"DO $$ BEGIN x := 1; END $$;", false},
	{"DO $$ BEGIN RAISE NOTICE 'a %', 1, 2; END $$;", false},
	{"DO $$ BEGIN RAISE NOTICE 'a % %', 1; END $$;", false},
	{"DO $$ BEGIN NULL; EXCEPTION WHEN no_such_condition THEN NULL; END $$;", false},
	{"DO $$ BEGIN NULL; EXCEPTION WHEN SQLSTATE '2350' THEN NULL; END $$;", false},
	{"DO $$ DECLARE a int; a int; BEGIN END $$;", false},
	{"DO $$ DECLARE a int NOT NULL; BEGIN END $$;", false},
	{"DO $$ DECLARE c CONSTANT int := 1; BEGIN c := 2; END $$;", false},
	{"DO $$ BEGIN IF (1 +) THEN NULL; END IF; END $$;", false},
	{"DO $$ BEGIN IF true THEN NULL; END; END $$;", false},
	{"DO $$ BEGIN PERFORM; END $$;", false},
	{"DO $$ BEGIN ALTER TABLE t DROP COLUMN; END $$;", false},
	{"DO $$ BEGIN EXECUTE 'ALTER TABLE t DROP COLUMN'; END $$;", false},
	{"DO $$ BEGIN END; ; $$;", false},
	{"DO $$ BEGIN NULL END $$;", false},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN junk; END $$; SELECT f();", false},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NEW.a := 1; END $$; SELECT f();", false},
	{"CREATE FUNCTION f(perform int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$; SELECT f(1);", false},
	{"CREATE FUNCTION f(\"Raise\" int, \"insert\" int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE 'x'; END $$; SELECT f(1, 2);", false},
	{"CREATE FUNCTION f(message text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN message := 'x'; END $$; SELECT f('a');", false},
	// Valid, but outside the subset: libpg_query reads them.
	{"DO $$ BEGIN FOR i IN 1..3 LOOP NULL; END LOOP; END $$;", false},
	{"DO $$ BEGIN EXECUTE 'ALTER TABLE ' || 't' || ' DROP COLUMN c'; END $$;", false},
	{"DO $$ BEGIN EXECUTE $q$ALTER TABLE t DROP COLUMN c$q$; END $$;", false},
	{"DO $$ BEGIN EXECUTE 'ALTER TABLE t DROP COLUMN c' USING 1; END $$;", false},
	{"DO $$ DECLARE r record; BEGIN SELECT 1 INTO r; END $$;", false},
	{"DO $$ <<lbl>> BEGIN NULL; END lbl $$;", false},
	{"DO $$ DECLARE c CURSOR FOR SELECT 1; BEGIN END $$;", false},
	{"DO $$ DECLARE x t.a%TYPE; BEGIN END $$;", false},
	{"DO $$ BEGIN GET DIAGNOSTICS x = ROW_COUNT; END $$;", false},
	{"DO $$ BEGIN CREATE ROLE app; END $$;", false},
	{"DO $$ BEGIN COMMIT; END $$;", false},
	{"DO $$ BEGIN RETURN NEXT 1; END $$;", false},
	{"DO $$ BEGIN RAISE division_by_zero; END $$;", false},
	{"DO E'BEGIN NULL; END';", false},
	{"DO 'BEGIN NULL; END';", false},
	{"CREATE FUNCTION f() RETURNS void AS $$ BEGIN END $$; SELECT f();", false},
	{"CREATE FUNCTION f() RETURNS TABLE (a int) LANGUAGE plpgsql AS $$ BEGIN END $$;", false},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS 'BEGIN NULL; END'; SELECT f();", false},
	{"CREATE FUNCTION f() RETURNS void LANGUAGE c AS 'lib', 'sym';", false},
}

// TestPlFastSkipsWasm: a change set of DO-block guards and a trigger
// function is linted without starting libpg_query, and its findings are
// those of the statements inside, on their own lines.
// Not parallel: it reads a process-wide counter.
func TestPlFastSkipsWasm(t *testing.T) {
	var files []File
	for _, name := range []string{"enum_guard", "constraint_guard", "trigger_function", "called_function"} {
		src, err := os.ReadFile(filepath.Join("testdata/plpgsql", name+".up.sql"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: name + ".up.sql", Src: src})
	}
	guard := []byte("SET lock_timeout = '5s';\nDO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nick') THEN\n    ALTER TABLE users DROP COLUMN nick;\n  END IF;\nEND\n$$;\n")
	files = append(files, File{Path: "guard.up.sql", Src: guard})
	before := pgFullParses.Load()
	got, _ := Settings{}.LintChangeSet(dialectPostgres, nil, files)
	if n := pgFullParses.Load() - before; n != 0 {
		t.Errorf("libpg_query parsed %d file(s) of DO blocks and functions", n)
	}
	found := false
	for _, fd := range got {
		found = found || fd.File == "guard.up.sql" && fd.Rule == "SG202" && fd.Line == 5
	}
	if !found {
		t.Errorf("the DROP COLUMN inside the DO block was not judged on line 5:\n%s", render(got))
	}
	Lint(dialectPostgres, "loop.up.sql", []byte("DO $$ BEGIN FOR i IN 1..2 LOOP NULL; END LOOP; END $$;"))
	if pgFullParses.Load()-before != 1 {
		t.Errorf("a loop must reach libpg_query")
	}
}

// TestPlFastDeepNesting: nesting beyond what the fast path reads is
// declined (libpg_query decides), without exhausting the stack.
func TestPlFastDeepNesting(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"DO $$ " + strings.Repeat("BEGIN ", 100000) + strings.Repeat("END; ", 99999) + "END $$;",
		"DO $$ BEGIN IF " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + " THEN NULL; END IF; END $$;",
		"UPDATE t SET a = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + ";",
	} {
		toks, _, err := lex(dialectPostgres, src)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pgFast(src, toks, newLines(src)); ok {
			t.Errorf("the fast path read %d bytes of nesting", len(src))
		}
	}
	shallow := "DO $$ " + strings.Repeat("BEGIN ", 50) + strings.Repeat("END; ", 49) + "END $$;"
	toks, _, _ := lex(dialectPostgres, shallow)
	if _, ok := pgFast(shallow, toks, newLines(shallow)); !ok {
		t.Error("50 nested blocks declined")
	}
}

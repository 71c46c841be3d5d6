package sqllint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLint feeds arbitrary bytes to the lexer, the splitter, both parsers
// and the rules in every dialect: nothing may panic, and every finding must
// point at a line of the file and name a known rule.
func FuzzLint(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/rules/*/*.sql")
	more, _ := filepath.Glob("testdata/history/*/*.sql")
	for _, path := range append(seeds, more...) {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("CREATE TRIGGER t BEGIN IF x THEN CASE WHEN 1 THEN 2 END; END IF; END;"))
	f.Add([]byte("/*!50700 ALTER TABLE t DROP COLUMN c */; $a$ ; $a$ E'\\'' `x``y` [z]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		maxLine := strings.Count(string(src), "\n") + 1
		for _, dialect := range []string{dialectPostgres, dialectMySQL, dialectSQLite} {
			for _, fd := range Lint(dialect, "f.sql", src) {
				if fd.Line < 1 || fd.Line > maxLine {
					t.Fatalf("%s: line %d outside 1..%d: %s", dialect, fd.Line, maxLine, fd)
				}
				if ruleByID(fd.Rule) == nil || fd.File != "f.sql" || fd.Message == "" {
					t.Fatalf("%s: malformed finding %+v", dialect, fd)
				}
			}
			toks, _, _ := lex(dialect, string(src))
			prev := -1
			for _, sp := range split(toks) {
				if sp.start <= prev || sp.start < 0 || sp.end > len(src) || sp.end <= sp.start {
					t.Fatalf("%s: bad span %d..%d after %d (len %d)", dialect, sp.start, sp.end, prev, len(src))
				}
				prev = sp.start
			}
		}
	})
}

// FuzzLintChangeSet replays arbitrary base histories (the lenient reader
// of applyBase) and lints an arbitrary file over them in every dialect:
// nothing may panic, and every finding points at a line of the changed
// file.
func FuzzLintChangeSet(f *testing.F) {
	f.Add("CREATE TABLE t (a varchar(10));", "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);")
	f.Add("CREATE TABLE t (a int);\nDO $$ BEGIN END $$;", "ALTER TABLE t DROP COLUMN b; DROP TABLE u;")
	f.Add("CREATE PROCEDURE p() BEGIN IF (1) THEN ALTER TABLE t ADD c int; END IF; END; CALL p();",
		"SET @s = (SELECT IF(1, 'ALTER TABLE t DROP COLUMN c', 'SELECT 1')); PREPARE x FROM @s;")
	f.Fuzz(func(t *testing.T, base, changed string) {
		maxLine := strings.Count(changed, "\n") + 1
		for _, dialect := range []string{dialectPostgres, dialectMySQL, dialectSQLite} {
			got, _ := Settings{}.LintChangeSet(dialect, []File{{Path: "1.sql", Src: []byte(base)}}, []File{{Path: "2.sql", Src: []byte(changed)}})
			for _, fd := range got {
				if fd.File != "2.sql" || fd.Line < 1 || fd.Line > maxLine || ruleByID(fd.Rule) == nil {
					t.Fatalf("%s: bad finding %+v", dialect, fd)
				}
			}
		}
	})
}

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

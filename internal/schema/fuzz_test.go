package schema

import (
	"strings"
	"testing"
)

// FuzzTokens: the scanner over SQLite's stored CREATE statements (the
// migrations' own SQL) never panics, and what it finds comes from the
// input.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE t (a int CHECK (a > 0), CONSTRAINT c CHECK (length(b) > 0))",
		"CREATE INDEX i ON t (a) WHERE a > 0 -- x",
		"CHECK ('unterminated", "/* open", "[x", "CHECK (((",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, tok := range tokens(src) {
			if tok == "" {
				t.Fatalf("empty token from %q", src)
			}
		}
		for _, c := range checksOf(src) {
			for _, w := range strings.Fields(c.Expr) {
				if !strings.Contains(src, w) && !strings.ContainsAny(w, "'\"`[") {
					t.Fatalf("check expression word %q not in %q", w, src)
				}
			}
		}
		_ = predicateOf(src)
	})
}

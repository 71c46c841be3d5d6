package sqllint

import (
	"strings"
	"testing"
)

func TestChunks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dialect, src string
		ok           bool
		lines        []int
	}{
		{"mysql", "-- a\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (';'), (\"x;\");\n# tail\n", true, []int{2, 4}},
		{"postgres", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 'a;b';\n", false, []int{1, 2}}, // a routine: not cut, but its statements are found,
		{"sqlite", "CREATE TABLE [a;b] (x);\nCREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;\n", false, []int{1, 2}},
		{"mysql", "/*!50001 CREATE TABLE a (x INT); */\nSELECT 1;\n", false, nil},
		{"mysql", "SELECT 'unterminated;\n", false, nil},
	}
	for _, tt := range tests {
		chunks, stmts, ok := Chunks(tt.dialect, tt.src)
		if ok != tt.ok {
			t.Errorf("%q: ok %t, want %t", tt.src, ok, tt.ok)
		}
		if ok && strings.Join(chunks, "") != tt.src {
			t.Errorf("%q: chunks %q do not join to the file", tt.src, chunks)
		}
		if tt.lines != nil {
			var got []int
			for _, s := range stmts {
				got = append(got, s.Line)
			}
			if len(got) != len(tt.lines) || (len(got) > 0 && got[len(got)-1] != tt.lines[len(tt.lines)-1]) {
				t.Errorf("%q: lines %v, want %v", tt.src, got, tt.lines)
			}
		}
	}
}

// FuzzChunks: cutting never loses, adds or reorders a byte.
func FuzzChunks(f *testing.F) {
	f.Add("mysql", "SELECT 1; SELECT ';';\n-- x\n")
	f.Add("sqlite", "CREATE TRIGGER t BEGIN SELECT 1; END; SELECT 2")
	f.Add("postgres", "DO $x$ BEGIN END $x$; SELECT 1")
	f.Fuzz(func(t *testing.T, dialect, src string) {
		if dialect != "mysql" && dialect != "sqlite" && dialect != "postgres" {
			return
		}
		chunks, _, ok := Chunks(dialect, src)
		if ok && strings.Join(chunks, "") != src {
			t.Fatalf("chunks %q of %q", chunks, src)
		}
	})
}

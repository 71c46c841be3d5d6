package rehearse

import (
	"strings"
	"testing"
)

// TestGuessLine: the statement an engine's error names, past comments;
// no line when two statements fit equally.
func TestGuessLine(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, file, reason string
		want               int
	}{
		{"after a comment", "-- note required\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n", `column "note" of relation "orders" contains null values`, 2},
		{"second statement", "CREATE TABLE a (id int);\n\n/* block\ncomment */\nCREATE UNIQUE INDEX i ON orders (code);", "UNIQUE constraint failed: orders.code", 5},
		{"mysql quoting", "SELECT 1;\nALTER TABLE orders ADD UNIQUE KEY orders_code_key (code);", "Error 1062: Duplicate entry 'v1' for key 'orders_code_key'", 2},
		{"tie", "UPDATE orders SET note = 'x';\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;", `column "note" of relation "orders" contains null values`, 0},
		{"nothing named", "SELECT 1;", "syntax error", 0},
	} {
		if got := guessLine(c.file, c.reason); got != c.want {
			t.Errorf("%s: line %d, want %d", c.name, got, c.want)
		}
	}
}

// TestCleanReason: golang-migrate's "migration failed: X: driver: X"
// becomes X.
func TestCleanReason(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`migration failed: column "note" of relation "orders" contains null values: pq: column "note" of relation "orders" contains null values`: `column "note" of relation "orders" contains null values`,
		"migration failed: Error 1062 (23000): Duplicate entry 'v1' for key 'k'":                                                                 "Error 1062 (23000): Duplicate entry 'v1' for key 'k'",
		"UNIQUE constraint failed: orders.code": "UNIQUE constraint failed: orders.code",
	} {
		if got := cleanReason(in); got != want {
			t.Errorf("cleanReason(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzGuessLine: any migration file and error text give a line inside the
// file, or 0; never a panic.
func FuzzGuessLine(f *testing.F) {
	f.Add("-- c\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n", `column "note" of relation "orders" contains null values`)
	f.Add("/* x */ SELECT 1; /* open", "'a' `b` c.d")
	f.Fuzz(func(t *testing.T, file, reason string) {
		line := guessLine(file, reason)
		if line < 0 || line > strings.Count(file, "\n")+1 {
			t.Fatalf("line %d outside the file (%d lines)", line, strings.Count(file, "\n")+1)
		}
		_ = cleanReason(reason)
	})
}

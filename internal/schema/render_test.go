package schema

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestDiffAndMarkdown: Diff's order and details on hand-built schemas, and
// Markdown's escaping of hostile names (golden file).
func TestDiffAndMarkdown(t *testing.T) {
	t.Parallel()
	from := New()
	from.Tables["orders"] = &Table{Name: "orders",
		Columns:    []*Column{{Name: "id", Type: "integer"}, {Name: "total", Type: "integer", Nullable: true}, {Name: "gone", Type: "text"}},
		PrimaryKey: &Index{Name: "orders_pkey", Columns: []string{"id"}},
		Indexes:    []*Index{{Name: "orders_total_idx", Columns: []string{"total"}, Method: "btree"}},
	}
	from.Tables["old"] = &Table{Name: "old"}
	from.Enums["mood"] = &Enum{Name: "mood", Values: []string{"a"}}
	to := New()
	to.Tables["orders"] = &Table{Name: "orders",
		// columns in another order: compared by name
		Columns:    []*Column{{Name: "total", Type: "bigint"}, {Name: "id", Type: "integer"}, {Name: "x`y<b>*z*", Type: "text", HasDefault: true, Default: "'<img src=x>'"}},
		PrimaryKey: &Index{Name: "orders_pkey", Columns: []string{"id"}},
		Indexes:    []*Index{{Name: "orders_total_idx", Columns: []string{"total"}, Method: "btree", Predicate: "total > 0"}},
		Checks:     []*Check{{Name: "[link](http://evil) @team", Expr: "CHECK (total > 0) | # ~"}},
	}
	to.Views["v"] = &View{Name: "v", Definition: "SELECT 1"}
	to.Enums["mood"] = &Enum{Name: "mood", Values: []string{"a", "b"}}
	d := Diff(from, to)
	got := Markdown(d)
	golden := filepath.Join("testdata", "diff.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
	// Outside code spans (where GitHub renders nothing), nothing is live.
	prose := regexp.MustCompile("(`+) .*? `+|`[^`]*`").ReplaceAllString(got, "")
	for _, bad := range []string{"<img", "<b>", "](http", " @team", "*z*"} {
		if strings.Contains(prose, bad) {
			t.Errorf("unescaped %q in %s", bad, got)
		}
	}
	if len(Diff(to, to)) != 0 || !Equal(from, from) {
		t.Error("a schema differs from itself")
	}
	if Markdown(nil) != "No schema changes.\n" {
		t.Error("empty diff")
	}
}

// TestCode: a code span no backtick can close early.
func TestCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"orders":    "`orders`",
		"a`b":       "`` a`b ``",
		"``x":       "``` ``x ```",
		"two\nline": "`two line`",
		"":          "` `",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}

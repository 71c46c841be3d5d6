package report

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/rehearse"
	"github.com/schemagate/schemagate/internal/schema"
)

// hostile is a file name a pull request controls.
const hostile = "db/migrations/3_x|y`<img src=x onerror=alert(1)>[a](http://evil).up.sql"

// TestRehearseSummary: the verdict first, then the steps, the diff and the
// rows; every name from the pull request escaped for Markdown and HTML.
func TestRehearseSummary(t *testing.T) {
	t.Parallel()
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	steps := []rehearse.Step{
		{File: "db/migrations", Detail: "2 migrations at the base", Direction: "base", Duration: ms(40), OK: true},
		{Detail: "generated, 1000 rows per table", Direction: "rows", Duration: ms(120), OK: true},
		{File: "db/migrations/3_regions.up.sql", Direction: "up", Duration: ms(8), OK: true},
		{File: "db/migrations/3_regions.down.sql", Direction: "down", Duration: ms(3), OK: true},
		{File: "db/migrations/3_regions.up.sql", Direction: "up", Duration: ms(7), OK: true},
	}
	diff := []schema.Change{{Object: "table", Name: "regions", Change: "added", Detail: "2 columns: id, code"}}
	passed := &rehearse.Result{Engine: "postgres", Steps: steps, Diff: diff, HasDiff: true, BaseSize: 2, NewUps: 1,
		Filled: []rehearse.Filled{{Table: "orders", Rows: 1000}, {Table: "odd", Skipped: "column p has type point, which the row generator cannot fill"}}}

	failed := &rehearse.Result{Engine: "postgres", BaseSize: 2, NewUps: 1, Steps: append(slices.Clone(steps[:2]),
		rehearse.Step{File: hostile, Direction: "up", Duration: ms(3), Error: `column "note" of relation "orders" contains null values`, Line: 2})}
	failed.Failure = &rehearse.Failure{Step: 2, File: hostile, Line: 2, Reason: `column "note" of relation "orders" contains null values`,
		Statement: "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n```\n# not a heading", Data: "on table orders with 1000 rows, 100 of them NULL in note (7 distinct values)"}

	downLeft := &rehearse.Result{Engine: "mysql", BaseSize: 1, NewUps: 1, Steps: slices.Clone(steps[:4]),
		Failure: &rehearse.Failure{Step: 3, File: "db/migrations/3_regions.down.sql", Reason: "db/migrations/3_regions.down.sql does not undo db/migrations/3_regions.up.sql",
			Diff: []schema.Change{{Object: "column", Name: "orders.region_id", Change: "added", Detail: "int(11)"}}}}
	downLeft.Steps[3].OK, downLeft.Steps[3].Error = false, "does not undo db/migrations/3_regions.up.sql: 1 difference(s) left"

	for name, got := range map[string]string{
		"passed":    RehearseSummary(passed, "pull request #7: main...abc", nil),
		"failed":    RehearseSummary(failed, "", nil),
		"down_left": RehearseSummary(downLeft, "", nil),
		"not_run":   RehearseSummary(&rehearse.Result{}, "", errors.New("input database-url: the SQLite database x is not empty (it holds <b>users</b>)")),
	} {
		golden(t, "rehearse_"+name, got)
		prose := regexp.MustCompile("```sql\n(?s:.*?)\n```|(`+) .*? `+|`[^`]*`").ReplaceAllString(got, "")
		for _, bad := range []string{"<img", "<b>", "](http", "\n# "} {
			if strings.Contains(prose, bad) {
				t.Errorf("%s: unescaped %q outside code:\n%s", name, bad, got)
			}
		}
	}
}

// TestDriftSummary: none, differences, dirty, and not compared.
func TestDriftSummary(t *testing.T) {
	t.Parallel()
	ok := &rehearse.DriftResult{Engine: "postgres", State: migrate.State{Version: 12, HasVersion: true}, Compared: true}
	found := &rehearse.DriftResult{Engine: "mysql", State: migrate.State{Version: 12, HasVersion: true, Dirty: true}, Compared: true,
		Diff: []schema.Change{{Object: "column", Name: "users.nickname", Change: "added", Detail: "text"}, {Object: "trigger", Name: "users.audit", Change: "removed"}}}
	for name, got := range map[string]string{
		"drift_none":  DriftSummary(ok, "db/migrations", nil),
		"drift_found": DriftSummary(found, "db/migrations", nil),
		"drift_error": DriftSummary(&rehearse.DriftResult{}, "db/migrations", errors.New("input scratch-database-url: is empty")),
	} {
		golden(t, "rehearse_"+name, got)
	}
}

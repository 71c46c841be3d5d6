package check

import (
	"context"
	"slices"
	"testing"

	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
)

// TestSQLLinterGetsBaseHistory: the SQL rules receive the base's up
// migrations the change set does not touch, in version order (10 after 9,
// not before 2), and the change set's new up migrations, also in version
// order; down files are neither.
func TestSQLLinterGetsBaseHistory(t *testing.T) {
	t.Parallel()
	g := newRepo(t)
	main := g.commit("init",
		"migrations/000002_users.up.sql=CREATE TABLE users (id bigint);\n", "migrations/000002_users.down.sql",
		"migrations/000010_orders.up.sql=CREATE TABLE orders (id bigint);\n", "migrations/000010_orders.down.sql",
		"migrations/000009_items.up.sql=CREATE TABLE items (id bigint);\n", "migrations/000009_items.down.sql")
	g.git("checkout", "-q", "-b", "feature")
	head := g.commit("two",
		"migrations/000012_b.up.sql=CREATE INDEX b ON t2 (id);\n", "migrations/000012_b.down.sql",
		"migrations/000011_a.up.sql=CREATE TABLE t2 (id bigint);\n", "migrations/000011_a.down.sql")
	cfg := loadConfig(t, g.dir, map[string]string{"base-ref": main, "head-ref": head})
	var gotBase, gotChanged []string
	sql := func(ctx context.Context, dialect string, base, changed []SQLFile) ([]finding.Finding, []string, error) {
		for _, f := range base {
			gotBase = append(gotBase, f.Path)
		}
		for _, f := range changed {
			gotChanged = append(gotChanged, f.Path)
		}
		return nil, []string{"from the linter"}, nil
	}
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}, SQL: sql})
	if err != nil {
		t.Fatal(err)
	}
	wantBase := []string{"migrations/000002_users.up.sql", "migrations/000009_items.up.sql", "migrations/000010_orders.up.sql"}
	if !slices.Equal(gotBase, wantBase) {
		t.Errorf("base = %q, want %q", gotBase, wantBase)
	}
	wantChanged := []string{"migrations/000011_a.up.sql", "migrations/000012_b.up.sql"}
	if !slices.Equal(gotChanged, wantChanged) {
		t.Errorf("changed = %q, want %q", gotChanged, wantChanged)
	}
	if !slices.Contains(res.Notes, "from the linter") {
		t.Errorf("the linter's notes are not in the result: %q", res.Notes)
	}
}

package check

import (
	"context"
	"io/fs"
	"slices"
	"testing"

	"github.com/schemagate/schemagate/internal/event"
)

// TestResolveMigrations: rehearse gets the base's files from git at the
// base revision (not the workspace's, even where the head edited one) and
// the change set's new files.
func TestResolveMigrations(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	g.git("checkout", "-q", "-b", "feature")
	head := g.commit("orders", "migrations/000001_init.up.sql=-- edited on the branch\n",
		"migrations/000003_orders.up.sql", "migrations/000003_orders.down.sql")
	cfg := loadConfig(t, g.dir, map[string]string{"base-ref": main, "head-ref": head})
	m, err := ResolveMigrations(context.Background(), Options{Cfg: cfg, Event: &event.Event{}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"migrations/000003_orders.down.sql", "migrations/000003_orders.up.sql"}; !slices.Equal(m.New, want) {
		t.Errorf("new %q, want %q", m.New, want)
	}
	body, err := fs.ReadFile(m.Base, "000001_init.up.sql")
	if err != nil || string(body) != "-- migrations/000001_init.up.sql\nSELECT 1;\n" {
		t.Errorf("base file %q (%v), want the base's content", body, err)
	}
	if _, err := fs.Stat(m.Base, "000003_orders.up.sql"); err == nil {
		t.Error("the base holds the head's new file")
	}
	if _, err := fs.Stat(m.Head, "000003_orders.up.sql"); err != nil {
		t.Errorf("the head lacks its new file: %v", err)
	}
}

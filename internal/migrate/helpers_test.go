package migrate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// three is a directory of three portable migrations, each logging itself
// into table applied_log so tests can count how often each ran.
var three = map[string]string{
	"1_create_log.up.sql":   "CREATE TABLE applied_log (v INTEGER NOT NULL);\nINSERT INTO applied_log (v) VALUES (1);",
	"1_create_log.down.sql": "DROP TABLE applied_log;",
	"2_add_users.up.sql":    "CREATE TABLE users (id INTEGER PRIMARY KEY);\nINSERT INTO applied_log (v) VALUES (2);",
	"2_add_users.down.sql":  "DROP TABLE users;\nDELETE FROM applied_log WHERE v = 2;",
	"3_add_orders.up.sql":   "CREATE TABLE orders (id INTEGER PRIMARY KEY);\nINSERT INTO applied_log (v) VALUES (3);",
	"3_add_orders.down.sql": "DROP TABLE orders;\nDELETE FROM applied_log WHERE v = 3;",
	"README.md":             "not a migration",
}

// writeDir writes files into a new directory and returns Options for it.
func writeDir(t testing.TB, url string, files map[string]string) Options {
	t.Helper()
	ws := t.TempDir()
	dir := filepath.Join(ws, "db", "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Options{URL: url, Dir: dir, MigrationsPath: "db/migrations", LockTimeout: 10 * time.Second}
}

func with(files map[string]string, extra map[string]string, drop ...string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	for _, d := range drop {
		delete(out, d)
	}
	return out
}

func versions(steps []Step) []uint {
	var out []uint
	for _, s := range steps {
		out = append(out, s.Version)
	}
	return out
}

func equal(a, b []uint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ok(t testing.TB) func(*Result, error) *Result {
	t.Helper()
	return func(r *Result, err error) *Result {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return r
	}
}

func wantKind(t testing.TB, err error, kind Kind, substr string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got none", substr)
	}
	if KindOf(err) != kind {
		t.Fatalf("error kind = %d, want %d: %v", KindOf(err), kind, err)
	}
	if !strings.Contains(err.Error(), substr) {
		t.Fatalf("error %q does not contain %q", err, substr)
	}
}

// gate is a Progress that can hold a run inside a chosen migration.
type gate struct {
	mu      sync.Mutex
	at      uint
	entered chan struct{}
	release chan struct{}
	onStart func(Step)
	started []uint
	done    []Step
}

func newGate(at uint) *gate {
	return &gate{at: at, entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *gate) Start(s Step) {
	g.mu.Lock()
	g.started = append(g.started, s.Version)
	g.mu.Unlock()
	if g.onStart != nil {
		g.onStart(s)
	}
	if g.entered != nil && s.Version == g.at {
		close(g.entered)
		<-g.release
	}
}

func (g *gate) Done(s Step) {
	g.mu.Lock()
	g.done = append(g.done, s)
	g.mu.Unlock()
}

var _ Progress = (*gate)(nil)

func isFailed(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindFailed
}

var bg = context.Background()

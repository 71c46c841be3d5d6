package rehearse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/migrate"
)

// TestMatcherRefuses: a scratch database on another engine than the live
// one is bad input, named, before anything is read or replayed; a
// migration that fails to replay is an error that says the scratch
// database holds what the replay left.
func TestMatcherRefuses(t *testing.T) {
	t.Parallel()
	live := dbtest.SQLite(t)
	dir := t.TempDir()
	files := map[string]string{"1_a.up.sql": "CREATE TABLE a (id INTEGER);", "2_b.up.sql": "CREATE TABLE b (id INTEGER);\nINSERT INTO missing (x) VALUES (1);"}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := migrate.Migrate(context.Background(), migrate.Options{URL: live, Dir: dir, MigrationsPath: "m", LockTimeout: time.Minute}, 1, true); err != nil {
		t.Fatal(err)
	}
	m := Matcher{Live: live, Dir: dir, LockTimeout: time.Minute, Scratch: Scratch{URL: "postgres://u@127.0.0.1:1/x"}}
	_, err := m.MatchSchema(context.Background(), []int{1, 2})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Input != "scratch-database-url" || !strings.Contains(err.Error(), "same engine") {
		t.Fatalf("engine mismatch: %v", err)
	}
	scratch := dbtest.SQLite(t)
	m.Scratch = Scratch{URL: scratch}
	_, err = m.MatchSchema(context.Background(), []int{1, 2})
	if err == nil || !strings.Contains(err.Error(), "is left as the replay left it") {
		t.Fatalf("failed replay: %v", err)
	}
	if !dbtest.HasTable(t, scratch, "a") {
		t.Error("the replay should have reached version 1 in the scratch database")
	}
}

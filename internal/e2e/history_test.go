package e2e

import (
	"strings"
	"syscall"
	"testing"

	"github.com/schemagate/schemagate/internal/dbtest"
	"github.com/schemagate/schemagate/internal/migrate"
)

// TestHistoryKilledE2E: kill -9 of the binary while migration 2 runs leaves
// the history's evidence: 1 ok, 2 started and never ended; plan lists it.
func TestHistoryKilledE2E(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Servers, func(t *testing.T, eng dbtest.Engine, u string) {
		dir, cmd, _, _ := startInSlow(t, eng, u)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		db, err := migrate.ParseURL(u)
		if err != nil {
			t.Fatal(err)
		}
		rows, missing, err := migrate.ReadHistory(t.Context(), db, "schemagate_history", 0)
		if err != nil || missing || len(rows) != 2 {
			t.Fatalf("history after kill -9: %+v missing %v %v", rows, missing, err)
		}
		if rows[0].Version != 2 || rows[0].Outcome != migrate.HistoryStarted || !rows[0].Ended.IsZero() || rows[1].Version != 1 || rows[1].Outcome != migrate.HistoryOK {
			t.Fatalf("rows: %+v", rows)
		}
		r := RunCLI(t, dir, map[string]string{"DATABASE_URL": u}, "plan", "--migrations-path", "db/migrations")
		if !strings.Contains(r.Stdout, "| 2 | up | started, never ended \\(killed?\\) |") {
			t.Errorf("plan after kill -9: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
		}
	})
}

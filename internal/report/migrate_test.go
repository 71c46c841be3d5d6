package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// golden compares a migrate summary with testdata/migrate/name.md.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", "migrate", name+".md"), got)
}

// goldenFile compares got with the file at path; set
// SCHEMAGATE_UPDATE_GOLDEN=1 to rewrite it.
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if os.Getenv("SCHEMAGATE_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with SCHEMAGATE_UPDATE_GOLDEN=1 to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n%s", path, got)
	}
}

func step(v uint, d migrate.Direction, file string, ms int) migrate.Step {
	return migrate.Step{Version: v, Direction: d, File: file, Duration: time.Duration(ms) * time.Millisecond}
}

func v(n uint, dirty bool) migrate.State {
	return migrate.State{Version: n, HasVersion: true, Dirty: dirty}
}

func TestMigrateSummary(t *testing.T) {
	t.Parallel()
	base := func(cmd string) *migrate.Result {
		return &migrate.Result{Command: cmd, Engine: migrate.Postgres, MigrationsPath: "db/migrations", Connected: true, Latest: 3, HasLatest: true}
	}
	applied := base("migrate")
	applied.Before, applied.After = v(1, false), v(3, false)
	applied.Applied = []migrate.Step{step(2, migrate.DirUp, "db/migrations/2_users.up.sql", 12), step(3, migrate.DirUp, "db/migrations/3_orders.up.sql", 1500)}

	plan := base("plan")
	plan.Before, plan.After = v(1, false), v(1, false)
	plan.Pending = []migrate.Step{step(2, migrate.DirUp, "db/migrations/2_users.up.sql", 0), step(3, migrate.DirUp, "", 0)}

	failedRun := base("migrate")
	failedRun.Engine = migrate.MySQL
	failedRun.Before, failedRun.After = v(1, false), v(2, true)
	failedRun.Failure = &migrate.Failure{Step: step(2, migrate.DirUp, "db/migrations/2_users.up.sql", 0), Statement: "INSERT INTO nope VALUES (1)", Line: 3,
		Reason: "Error 1146: Table 'shop.nope' doesn't exist", Outcome: migrate.OutcomeFailed, Transaction: "MySQL and MariaDB commit every DDL statement implicitly"}
	one := 1
	failedRun.Recovery = &migrate.Advice{DirtyVersion: 2, Known: true, Force: &one, Candidates: []int{1, 2}, Repair: true,
		Facts: []string{"The up migration of version 2 failed part-way.", "Undo by hand what the statements before the failing one changed."}}

	dirtyPlan := base("plan")
	dirtyPlan.Before, dirtyPlan.After = v(4, true), v(4, true)
	dirtyPlan.Recovery = &migrate.Advice{DirtyVersion: 4, Candidates: []int{3, 4, 5}, Facts: []string{"The run that left this flag is not known here."},
		HowToTell: "Compare the database's schema with the schema at version 3, 4 or 5."}

	unread := base("migrate")
	unread.Before = v(1, false)
	unread.Unread = "the migration state could not be read back from the database shop on db:5432 on a fresh connection (3 attempts): connection refused"
	unread.Failure = &migrate.Failure{Step: step(2, migrate.DirUp, "db/migrations/2_users.up.sql", 0), Reason: "unexpected EOF", Outcome: migrate.OutcomeUnknown,
		Transaction: "unknown: the engine never answered"}
	unread.Recovery = &migrate.Advice{DirtyVersion: 2, Unread: true, Candidates: []int{1, 2}, Facts: []string{"The up migration of version 2 was interrupted before the engine answered."},
		HowToTell: "Compare the database's schema with the schema at version 1 or 2."}

	// A comparison that matched neither: the diff and a fact quoting a
	// database name are user text, escaped by the sink.
	neither := base("plan")
	neither.Before, neither.After = v(5, true), v(5, true)
	neither.Recovery = &migrate.Advice{DirtyVersion: 5, Candidates: []int{4, 5}, Repair: true, Neither: true,
		Facts:     []string{"The schema could not be compared twice: input scratch-database-url: the database <b>@team</b> holds `x` | y."},
		HowToTell: "Change the database by hand until its schema equals the schema at version 4 or 5, then force that version.",
		Nearest: &migrate.SchemaDiff{Version: 5, Changes: []schema.Change{
			{Object: "column", Name: "orders.`</code><img src=x>`", Change: schema.Added, Detail: "text <script>alert(1)</script> @admin"},
		}}}

	ahead := base("verify")
	ahead.Before, ahead.After, ahead.Ahead = v(5, false), v(5, false), true

	down := base("down")
	down.Before, down.After = v(3, false), v(2, false)
	down.Applied = []migrate.Step{step(3, migrate.DirDown, "db/migrations/3_orders.down.sql", 4)}

	unreachable := &migrate.Result{Command: "plan", MigrationsPath: "db/migrations"}

	tests := []struct {
		name string
		r    *migrate.Result
		err  error
	}{
		{"applied", applied, nil},
		{"plan", plan, nil},
		{"failed", failedRun, errors.New("migration db/migrations/2_users.up.sql failed")},
		{"verify-ahead", ahead, nil},
		{"down", down, nil},
		{"plan-dirty", dirtyPlan, nil},
		{"plan-neither", neither, nil},
		{"unread", unread, errors.New("migration db/migrations/2_users.up.sql failed: unexpected EOF")},
		{"unreachable", unreachable, errors.New("input database-url: cannot reach the server")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			golden(t, tt.name, MigrateSummary(tt.r, tt.err))
		})
	}
}

func TestMigrateOutputsPerCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cmd  string
		want []string
	}{
		{"plan", []string{"current-version", "dirty", "pending-count", "pending"}},
		{"migrate", []string{"previous-version", "current-version", "dirty", "pending-count", "applied-count"}},
		{"down", []string{"previous-version", "current-version", "dirty", "applied-count"}},
		{"force", []string{"previous-version", "current-version", "dirty"}},
		{"verify", []string{"current-version", "dirty", "pending-count", "pending"}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out")
			if err := os.WriteFile(out, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"GITHUB_OUTPUT": out, "GITHUB_ACTIONS": "true"}
			var stdout bytes.Buffer
			s := NewSink(func(k string) string { return env[k] }, &stdout, &stdout)
			r := &migrate.Result{Command: tt.cmd, Connected: true, Before: migrate.State{}, After: v(2, false),
				Pending: []migrate.Step{step(3, migrate.DirUp, "m/3_x.up.sql", 0)}}
			if err := MigrateOutputs(s, r); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(out)
			var got []string
			for _, line := range strings.Split(string(data), "\n") {
				if name, _, ok := strings.Cut(line, "<<"); ok {
					got = append(got, name)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("outputs %v, want %v", got, tt.want)
			}
			if tt.cmd == "plan" && !strings.Contains(string(data), `["m/3_x.up.sql"]`) {
				t.Errorf("pending output: %s", data)
			}
			if tt.cmd != "plan" && tt.cmd != "verify" && !strings.Contains(string(data), "previous-version<<") {
				t.Errorf("no previous-version: %s", data)
			}
		})
	}
	// A run that never reached the database sets no outputs.
	out := filepath.Join(t.TempDir(), "out")
	env := map[string]string{"GITHUB_OUTPUT": out}
	s := NewSink(func(k string) string { return env[k] }, &bytes.Buffer{}, &bytes.Buffer{})
	if err := MigrateOutputs(s, &migrate.Result{Command: "plan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("outputs written for an unreached database")
	}
}

// TestMigrateOutputsUnread: a state that could not be read back sets none of
// the outputs describing it (no made-up version 0 or dirty=false).
func TestMigrateOutputsUnread(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_OUTPUT": out, "GITHUB_ACTIONS": "true"}
	s := NewSink(func(k string) string { return env[k] }, &bytes.Buffer{}, &bytes.Buffer{})
	r := &migrate.Result{Command: "migrate", Connected: true, Before: v(1, false), Unread: "no answer"}
	if err := MigrateOutputs(s, r); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	for _, name := range []string{"current-version<<", "dirty<<", "pending-count<<"} {
		if strings.Contains(string(data), name) {
			t.Errorf("output %s set for an unknown state:\n%s", name, data)
		}
	}
	if !strings.Contains(string(data), "previous-version<<") || !strings.Contains(string(data), "applied-count<<") {
		t.Errorf("the known outputs are missing:\n%s", data)
	}
}

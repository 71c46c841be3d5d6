package migrate

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestRecoveryAdviceEverywhere: after a failed up and after a failed down,
// the failing run, plan, verify and the refusals of migrate and down give
// the same advice. Without a record of the attempt, the later commands say
// which versions are possible (the failing run's answer among them) and
// never a wrong definite one (force 1 after a failed down of 3 would
// re-apply 2 and 3); with the attempt recorded (Options.LastAttempt, the
// history table's hook) they give exactly the failing run's advice.
func TestRecoveryAdviceEverywhere(t *testing.T) {
	t.Parallel()
	failUp := with(three, map[string]string{
		"3_add_orders.up.sql": "CREATE TABLE orders (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (v) VALUES (3);\n",
	})
	failDown := with(three, map[string]string{
		"3_add_orders.down.sql": "DROP TABLE orders;\nDELETE FROM no_such_table WHERE v = 3;\n",
	})
	cases := []struct {
		name      string
		files     map[string]string
		run       func(o Options) (*Result, error)
		dirtyAt   int
		force     int // the failing run's answer on a transactional engine
		otherWay  int // the other end a repair by hand may aim at (MySQL)
		tableLeft bool
	}{
		{"failed up", failUp, func(o Options) (*Result, error) { return Migrate(bg, o, 0, false) }, 3, 2, 3, true},
		{"failed down", failDown, func(o Options) (*Result, error) { return Down(bg, o, 1) }, 2, 3, 2, false},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
				o := writeDir(t, url, tc.files)
				if tc.name == "failed down" {
					ok(t)(Migrate(bg, o, 0, false))
				} else {
					ok(t)(Migrate(bg, o, 2, true))
				}
				r, err := tc.run(o)
				wantKind(t, err, KindFailed, "failed")
				fail := r.Recovery
				tx := eng.Name != "mariadb"
				if fail == nil || !fail.Known || *fail.Force != tc.force || fail.DirtyVersion != tc.dirtyAt || fail.Repair == tx {
					t.Fatalf("failing run's advice = %+v", fail)
				}
				if r.Failure == nil || r.Failure.Outcome != OutcomeFailed || r.Failure.RolledBack != tx {
					t.Fatalf("failure = %+v", r.Failure)
				}
				if !tx && !slices.Equal(fail.Candidates, sortedUnique([]int{tc.force, tc.otherWay})) {
					t.Fatalf("MySQL candidates = %v", fail.Candidates)
				}
				// What the engine really did: orders is there after a
				// failed down that rolled back, gone after a failed up that
				// rolled back.
				if tx && dbtest.HasTable(t, url, "orders") != (tc.force == 3) {
					t.Fatalf("orders exists = %v, but the advice says force %d", !tc.tableLeft, tc.force)
				}

				// Later commands, no record of the attempt.
				var got []*Advice
				var lines []string
				for _, cmd := range laterCommands {
					r, err := cmd.run(o)
					if r.Recovery == nil {
						t.Fatalf("%s: no advice (err %v)", cmd.name, err)
					}
					got = append(got, r.Recovery)
					if err != nil {
						lines = append(lines, err.Error())
					}
				}
				for i, a := range got {
					if !reflect.DeepEqual(a, got[0]) {
						t.Errorf("%s's advice differs from plan's:\n%+v\n%+v", laterCommands[i].name, a, got[0])
					}
				}
				a := got[0]
				if a.Known || !slices.Contains(a.Candidates, tc.force) || a.DirtyVersion != tc.dirtyAt || a.HowToTell == "" {
					t.Fatalf("advice without a record = %+v", a)
				}
				for _, l := range lines {
					if !strings.Contains(l, capitalize(a.Line())) && !strings.Contains(l, a.Line()) || definiteForce.MatchString(l) {
						t.Errorf("message %q must carry the advice %q and no definite force", l, a.Line())
					}
				}

				// With the attempt recorded: exactly the failing run's advice.
				rec := o
				rec.LastAttempt = func(context.Context) (*Attempt, error) { return fail.Attempt, nil }
				for _, cmd := range laterCommands {
					r, _ := cmd.run(rec)
					if !reflect.DeepEqual(r.Recovery, fail) {
						t.Errorf("%s with the attempt recorded:\n%+v\nwant the failing run's\n%+v", cmd.name, r.Recovery, fail)
					}
				}
			})
		})
	}
}

var definiteForce = regexp.MustCompile(`force with version -?[0-9]`)

// laterCommands are the commands that find a database dirty.
var laterCommands = []struct {
	name string
	run  func(o Options) (*Result, error)
}{
	{"plan", func(o Options) (*Result, error) { return Plan(bg, o) }},
	{"verify", func(o Options) (*Result, error) { return Verify(bg, o) }},
	{"migrate", func(o Options) (*Result, error) { return Migrate(bg, o, 0, false) }},
	{"down", func(o Options) (*Result, error) { return Down(bg, o, 1) }},
}

// TestAbortCancelsStatement: closing Options.Abort (the second signal)
// while a 20 s statement runs cancels it from another connection: the run
// returns at once with the engine's answer, a known state and the advice
// the engine's answer supports.
func TestAbortCancelsStatement(t *testing.T) {
	t.Parallel()
	long := map[string]string{
		"postgres": "SELECT pg_sleep(20)",
		"mariadb":  "SELECT SLEEP(20)",
		"sqlite":   "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 100000000) SELECT count(*) FROM c",
	}
	pgx5 := dbtest.Engine{Name: "pgx5", New: func(t testing.TB) string {
		return "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
	}}
	long["pgx5"] = long["postgres"]
	dbtest.EachEngine(t, append(slices.Clone(dbtest.Engines), pgx5), func(t *testing.T, eng dbtest.Engine, url string) {
		o := writeDir(t, url, with(three, map[string]string{
			"2_add_users.up.sql": long[eng.Name] + ";\nINSERT INTO applied_log (v) VALUES (2);\n",
		}))
		abort := make(chan struct{})
		o.Abort = abort
		g := &gate{onStart: func(s Step) {
			if s.Version == 2 {
				time.AfterFunc(300*time.Millisecond, func() { close(abort) })
			}
		}}
		o.Progress = g
		start := time.Now()
		r, err := Migrate(bg, o, 0, false)
		took := time.Since(start)
		wantKind(t, err, KindFailed, "migration db/migrations/2_add_users.up.sql failed")
		if took > 5*time.Second {
			t.Fatalf("the run took %v: the statement was not cancelled", took)
		}
		if !strings.Contains(r.Interrupted, "the second signal") || strings.Contains(r.Interrupted, "could not") {
			t.Errorf("interrupted = %q", r.Interrupted)
		}
		tx := eng.Name != "mariadb"
		if f := r.Failure; f == nil || f.Outcome != OutcomeFailed || f.RolledBack != tx {
			t.Fatalf("failure = %+v", r.Failure)
		}
		if a := r.Recovery; a == nil || !a.Known || *a.Force != 1 || a.Repair == tx || r.Unread != "" || r.After != (State{Version: 2, HasVersion: true, Dirty: true}) {
			t.Fatalf("state %v, advice %+v, unread %q", r.After, r.Recovery, r.Unread)
		}
		if c := dbtest.AppliedLog(t, url); c[2] != 0 || c[3] != 0 {
			t.Fatalf("applied_log = %v", c)
		}
	})
}

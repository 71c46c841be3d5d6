package migrate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestPlanComparesOnlyWithoutARun: plan and verify take no lock, so while
// a run holds golang-migrate's migration lock (here taken the way migrate
// takes it) the schema may still change: the comparison is not made and
// the advice says why. Once the lock is free, it is made.
func TestPlanComparesOnlyWithoutARun(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		ctx := context.Background()
		o := writeDir(t, url, three)
		ok(t)(Migrate(ctx, o, 2, true))
		if _, err := dbtest.Open(t, url).Exec("UPDATE schema_migrations SET dirty = true"); err != nil {
			t.Fatal(err)
		}
		calls := 0
		o.MatchSchema = func(context.Context, []int) (*SchemaMatch, error) {
			calls++
			return &SchemaMatch{Compared: []int{1, 2, 3}, Matches: []int{2}}, nil
		}
		db, err := ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		c, err := open(ctx, db, deadline, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.lock(ctx, deadline); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []func(context.Context, Options) (*Result, error){Plan, Verify} {
			r, _ := cmd(ctx, o)
			if r.Recovery == nil || r.Recovery.Known || calls != 0 || !strings.Contains(strings.Join(r.Recovery.Facts, " "), "a migration run holds the migration lock") {
				t.Fatalf("%s while the lock is held: calls %d, advice %+v", r.Command, calls, r.Recovery)
			}
		}
		if err := c.close(); err != nil {
			t.Fatal(err)
		}
		r := ok(t)(Plan(ctx, o))
		if calls != 1 || r.Recovery == nil || !r.Recovery.Known || *r.Recovery.Force != 2 {
			t.Fatalf("plan once the lock is free: calls %d, advice %+v", calls, r.Recovery)
		}
	})
}

// TestNoCompareWithoutFiles: a candidate version without a file cannot be
// replayed, so the comparison is not made (its answer could miss the
// version that matches) and the advice says why.
func TestNoCompareWithoutFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.SQLite(t)
	o := writeDir(t, url, three)
	ok(t)(Migrate(ctx, o, 3, true))
	if _, err := dbtest.Open(t, url).Exec("UPDATE schema_migrations SET version = 7, dirty = true"); err != nil {
		t.Fatal(err)
	}
	called := false
	o.MatchSchema = func(context.Context, []int) (*SchemaMatch, error) {
		called = true
		return &SchemaMatch{Compared: []int{3, 7}, Matches: []int{3}}, nil
	}
	r := ok(t)(Plan(ctx, o))
	if called || r.Recovery == nil || r.Recovery.Known || !strings.Contains(strings.Join(r.Recovery.Facts, " "), "version 7 has no file in db/migrations") {
		t.Fatalf("called %v, advice %+v", called, r.Recovery)
	}
}

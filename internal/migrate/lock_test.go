package migrate

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestConcurrentMigrate: while one run is inside a migration (holding the
// lock), a second run with a short lock-timeout gives up clearly within
// about that timeout (golang-migrate alone would wait 10 s on MySQL and
// forever on PostgreSQL), and a second run with a long one waits, then
// finds nothing left to do. Each migration runs exactly once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, url string) {
		first := writeDir(t, url, three)
		g := newGate(2)
		first.Progress = g
		type out struct {
			r   *Result
			err error
		}
		firstDone := make(chan out, 1)
		go func() {
			r, err := Migrate(bg, first, 0, false)
			firstDone <- out{r, err}
		}()
		<-g.entered // the first run holds the lock, inside migration 2

		short := writeDir(t, url, three)
		short.LockTimeout = time.Second
		start := time.Now()
		r, err := Migrate(bg, short, 0, false)
		waited := time.Since(start)
		wantKind(t, err, KindFailed, "another migration run holds the migration lock")
		if !strings.Contains(err.Error(), "waited lock-timeout 1s") && !strings.Contains(err.Error(), "within lock-timeout 1s") {
			t.Errorf("message does not name the timeout: %v", err)
		}
		if len(r.Applied) != 0 {
			t.Errorf("the refused run applied %v", versions(r.Applied))
		}
		t.Logf("%s: second run gave up after %v (lock-timeout 1s)", eng.Name, waited.Round(time.Millisecond))
		if waited < 900*time.Millisecond || waited > 4*time.Second {
			t.Errorf("second run gave up after %v, want about lock-timeout 1s", waited)
		}

		// A patient run queues behind the first.
		long := writeDir(t, url, three)
		long.LockTimeout = 30 * time.Second
		var wg sync.WaitGroup
		var lr *Result
		var lerr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			lr, lerr = Migrate(bg, long, 0, false)
		}()
		time.Sleep(300 * time.Millisecond) // let it start waiting
		close(g.release)
		fo := <-firstDone
		if fo.err != nil || !equal(versions(fo.r.Applied), []uint{1, 2, 3}) {
			t.Fatalf("first run: %v %+v", fo.err, fo.r)
		}
		wg.Wait()
		if lerr != nil || !lr.NoChange || lr.Before.Version != 3 {
			t.Fatalf("queued run: %v %+v", lerr, lr)
		}
		if c := dbtest.AppliedLog(t, url); len(c) != 3 || c[1] != 1 || c[2] != 1 || c[3] != 1 {
			t.Fatalf("each migration must run once: applied_log = %v", c)
		}
	})
}

// TestCancel: a cancelled context (SIGINT in main) lets the migration in
// flight finish, starts no other, releases the lock and reports what ran.
func TestCancel(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, _ dbtest.Engine, url string) {
		o := writeDir(t, url, three)
		ctx, cancel := context.WithCancel(bg)
		defer cancel()
		g := &gate{onStart: func(s Step) {
			if s.Version == 2 {
				cancel() // the signal arrives while 2 runs
			}
		}}
		o.Progress = g
		r, err := Migrate(ctx, o, 0, false)
		wantKind(t, err, KindFailed, "cancelled: stopped after the migration in flight; 2 applied")
		if !r.Cancelled || !equal(versions(r.Applied), []uint{1, 2}) || r.After.Version != 2 || r.After.Dirty {
			t.Fatalf("cancelled run: %+v", r)
		}
		if !equal(versions(r.Pending), []uint{3}) || !equal(g.started, []uint{1, 2}) {
			t.Fatalf("pending %v, started %v", versions(r.Pending), g.started)
		}
		// The lock is free: a run with a short timeout gets it.
		o.Progress = nil
		o.LockTimeout = time.Second
		r = ok(t)(Migrate(bg, o, 0, false))
		if !equal(versions(r.Applied), []uint{3}) {
			t.Fatalf("after cancel: %+v", r)
		}
	})
}

// TestCancelWhileWaiting: a signal during the lock wait ends the run at once.
func TestCancelWhileWaiting(t *testing.T) {
	t.Parallel()
	url := dbtest.Postgres(t)
	first := writeDir(t, url, three)
	g := newGate(1)
	first.Progress = g
	done := make(chan error, 1)
	go func() { _, err := Migrate(bg, first, 0, false); done <- err }()
	<-g.entered
	ctx, cancel := context.WithTimeout(bg, 300*time.Millisecond)
	defer cancel()
	second := writeDir(t, url, three)
	second.LockTimeout = time.Minute
	start := time.Now()
	_, err := Migrate(ctx, second, 0, false)
	wantKind(t, err, KindFailed, "cancelled while")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %v", d)
	}
	close(g.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestPgx5Scheme(t *testing.T) {
	t.Parallel()
	url := "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
	o := writeDir(t, url, three)
	r := ok(t)(Migrate(bg, o, 0, false))
	if r.Engine != Postgres || r.After.Version != 3 {
		t.Fatalf("%+v", r)
	}
	if c := dbtest.AppliedLog(t, url); len(c) != 3 {
		t.Fatalf("applied_log = %v", c)
	}
}

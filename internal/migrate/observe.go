package migrate

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
)

// Progress hears about each migration as golang-migrate runs it.
type Progress interface {
	// Start is called before a file runs, Done after it completed.
	Start(s Step)
	Done(s Step)
}

// observed is the driver golang-migrate's Migrate runs against. It tells
// which planned step is in flight (golang-migrate marks the version dirty
// before a file and clean after it) and times each. Its Lock and Unlock do
// nothing: the command holds the real lock, taken with a bounded wait,
// for the whole run.
type observed struct {
	database.Driver
	engine   Engine
	progress Progress
	// ctx ends the run between migrations: once it is cancelled, the next
	// migration is refused before golang-migrate marks it dirty, so the one
	// in flight finishes and no other starts. (golang-migrate's GracefulStop
	// does the same but races on its flag: go test -race reports it.)
	ctx context.Context

	mu       sync.Mutex
	plan     []Step
	next     int
	started  time.Time
	inFlight *Step
	applied  []Step
	// clean is the last version that applied completely (-1 for none).
	clean int
	// ran is true once the in-flight file's statements returned without
	// error; runErr is their error. Together they tell a file that failed
	// from one that completed but whose dirty flag could not be cleared.
	ran    bool
	runErr error
	// marked is true once the in-flight step's dirty flag was written.
	marked bool
}

func (o *observed) Lock() error   { return nil }
func (o *observed) Unlock() error { return nil }

// errStopped ends a run whose context was cancelled.
var errStopped = errors.New("stopped between migrations: the run was cancelled")

func (o *observed) SetVersion(version int, dirty bool) error {
	if dirty && o.ctx != nil && o.ctx.Err() != nil {
		return errStopped
	}
	o.mu.Lock()
	if dirty && o.next < len(o.plan) {
		s := o.plan[o.next]
		o.inFlight = &s
		o.started = time.Now()
		o.ran, o.runErr, o.marked = false, nil, false
		o.mu.Unlock()
		if o.progress != nil {
			o.progress.Start(s)
		}
		o.mu.Lock()
	}
	o.mu.Unlock()
	err := o.Driver.SetVersion(version, dirty)
	if err != nil {
		return err
	}
	if dirty {
		o.mu.Lock()
		o.marked = o.inFlight != nil
		o.mu.Unlock()
		return nil
	}
	o.mu.Lock()
	o.clean = version
	s := o.inFlight
	if s != nil {
		s.Duration = time.Since(o.started)
		o.applied = append(o.applied, *s)
		o.inFlight = nil
		o.next++
	}
	o.mu.Unlock()
	if s != nil && o.progress != nil {
		o.progress.Done(*s)
	}
	return nil
}

// Run runs the in-flight file and records how it ended.
func (o *observed) Run(r io.Reader) error {
	err := o.Driver.Run(r)
	o.mu.Lock()
	o.ran, o.runErr = err == nil, err
	o.mu.Unlock()
	return err
}

// result is what the run did: the steps applied, and the attempt in flight
// when it stopped (nil when none was).
func (o *observed) result() (applied []Step, inFlight *Attempt, clean int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	applied = append([]Step(nil), o.applied...)
	if o.inFlight != nil && o.marked {
		inFlight = &Attempt{Step: *o.inFlight, Outcome: OutcomeCompleted}
		if !o.ran && o.runErr != nil {
			inFlight.Outcome = outcomeOf(o.engine, o.runErr)
		}
	}
	return applied, inFlight, o.clean
}

package migrate

import (
	"context"
	"errors"
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
		o.mu.Unlock()
		if o.progress != nil {
			o.progress.Start(s)
		}
		o.mu.Lock()
	}
	o.mu.Unlock()
	err := o.Driver.SetVersion(version, dirty)
	if err != nil || dirty {
		return err
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

func (o *observed) result() (applied []Step, inFlight *Step, clean int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Step(nil), o.applied...), o.inFlight, o.clean
}

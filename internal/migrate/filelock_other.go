//go:build !unix

package migrate

import (
	"context"
	"time"
)

// fileLock is a no-op where flock(2) does not exist: SQLite runs are then
// serialised only within one process.
type fileLock struct{}

func lockFile(context.Context, string, time.Time) (*fileLock, error) { return nil, nil }

func (*fileLock) unlock() {}

// fileLocked cannot tell without flock(2): no lock between processes is
// taken there either.
func fileLocked(string) (bool, error) { return false, nil }

//go:build unix

package migrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// fileLock is an exclusive flock(2) on the SQLite database file. It is the
// migration lock between processes (golang-migrate's SQLite lock only
// guards one process) and does not interfere with SQLite's own fcntl locks.
// The kernel drops it when the process dies, so it never goes stale.
type fileLock struct{ f *os.File }

func lockFile(ctx context.Context, path string, deadline time.Time) (*fileLock, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, inputError("database-url", fmt.Sprintf("open the SQLite database file %s", path), err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &fileLock{f: f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock the SQLite database file %s: %w", path, err)
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, errTimeout
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			f.Close()
			return nil, err
		}
	}
}

func (l *fileLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
	l.f = nil
}

// fileLocked says whether another process holds lockFile's lock on path:
// a shared flock tried without waiting and released at once.
func fileLocked(path string) (bool, error) {
	if path == "" {
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return false, syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

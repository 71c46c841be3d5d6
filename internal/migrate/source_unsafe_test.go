package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// unblockFIFO opens a FIFO for writing and closes it, so that a reader
// blocked on it sees end of file: a test that failed by hanging ends.
func unblockFIFO(p string) {
	if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

// TestUnsafeFilesRefused: a migration file that is a symbolic link (out of
// the workspace), a FIFO or a file over the size bound is refused by every
// command before anything runs: input error (exit 2) naming the file and
// the fix, promptly (a FIFO does not hang the run), and the database is
// exactly as before.
func TestUnsafeFilesRefused(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name, want string
		make       func(p string) error
	}{
		{"symlink", "db/migrations/4_unsafe.up.sql is a symbolic link, not a regular file", func(p string) error { return os.Symlink("/etc/passwd", p) }},
		{"fifo", "db/migrations/4_unsafe.up.sql is a FIFO, not a regular file", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"huge", "db/migrations/4_unsafe.up.sql is 100 MiB, larger than the 16 MiB bound", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Truncate(p, 100<<20)
		}},
	}
	engines := []dbtest.Engine{dbtest.Engines[0], dbtest.Engines[2]} // PostgreSQL, SQLite
	dbtest.EachEngine(t, engines, func(t *testing.T, _ dbtest.Engine, url string) {
		o := writeDir(t, url, three)
		ok(t)(Migrate(bg, o, 1, true))
		for _, k := range kinds {
			p := filepath.Join(o.Dir, "4_unsafe.up.sql")
			if err := k.make(p); err != nil {
				t.Fatal(err)
			}
			commands := map[string]func() (*Result, error){
				"plan":    func() (*Result, error) { return Plan(bg, o) },
				"verify":  func() (*Result, error) { return Verify(bg, o) },
				"migrate": func() (*Result, error) { return Migrate(bg, o, 0, false) },
				"down":    func() (*Result, error) { return Down(bg, o, 1) },
				"force":   func() (*Result, error) { return Force(bg, o, 3) },
			}
			for name, run := range commands {
				done := make(chan error, 1)
				go func() { _, err := run(); done <- err }()
				var err error
				select {
				case err = <-done:
				case <-time.After(20 * time.Second):
					unblockFIFO(p)
					t.Fatalf("%s with a %s among the files did not return", name, k.name)
				}
				wantKind(t, err, KindInput, k.want)
				if strings.Contains(err.Error(), "root:") {
					t.Fatalf("%s printed the link's target: %v", name, err)
				}
			}
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		// Nothing ran: still at version 1, clean, migration 1 applied once.
		r := ok(t)(Plan(bg, o))
		if r.Before.Version != 1 || r.Before.Dirty {
			t.Fatalf("after the refusals: %+v", r.Before)
		}
		if c := dbtest.AppliedLog(t, url); c[1] != 1 || c[2] != 0 {
			t.Fatalf("applied_log = %v", c)
		}
	})
}

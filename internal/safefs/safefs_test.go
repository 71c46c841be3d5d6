package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// unsafeDir is a directory holding every kind of file a change set can
// smuggle in, made for real: a link out of the workspace, a link to a
// device, a FIFO, a sparse 100 MB file, and one regular file.
func unsafeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "1_ok.up.sql"), []byte("SELECT 1;"), 0o644))
	must(os.Symlink("/etc/passwd", filepath.Join(dir, "2_passwd.up.sql")))
	must(os.Symlink("/dev/zero", filepath.Join(dir, "3_zero.up.sql")))
	must(syscall.Mkfifo(filepath.Join(dir, "4_fifo.up.sql"), 0o644))
	f, err := os.Create(filepath.Join(dir, "5_huge.up.sql"))
	must(err)
	must(f.Truncate(100 << 20))
	must(f.Close())
	return dir
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS(unsafeDir(t))
	tests := []struct{ name, want string }{
		{"1_ok.up.sql", ""},
		{"2_passwd.up.sql", "2_passwd.up.sql is a symbolic link, not a regular file"},
		{"3_zero.up.sql", "3_zero.up.sql is a symbolic link, not a regular file"},
		{"4_fifo.up.sql", "4_fifo.up.sql is a FIFO, not a regular file"},
		{"5_huge.up.sql", "5_huge.up.sql is 100 MiB, larger than the 16 MiB bound for a migration file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			var body []byte
			var err error
			go func() { body, err = ReadFile(fsys, tt.name); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("ReadFile blocked (opened a FIFO?)")
			}
			if tt.want == "" {
				if err != nil || string(body) != "SELECT 1;" {
					t.Fatalf("ReadFile = %q, %v", body, err)
				}
				return
			}
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrUnsafe) {
				t.Fatalf("ReadFile error = %v, want %q", err, tt.want)
			}
			if body != nil {
				t.Errorf("read %d bytes of a refused file", len(body))
			}
		})
	}
}

func TestCheckDevice(t *testing.T) {
	t.Parallel()
	err := Lcheck(os.DirFS("/dev"), "null")
	if err == nil || err.Error() != "null is a device, not a regular file" {
		t.Fatalf("Lcheck(/dev/null) = %v", err)
	}
}

func TestCheckDeclaredSize(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"big.sql":  {Mode: 0o644, Sys: Size(MaxSize + 1)},
		"edge.sql": {Mode: 0o644, Data: make([]byte, MaxSize)},
		"link.sql": {Mode: fs.ModeSymlink | 0o777, Data: []byte("../../etc/passwd")},
	}
	if err := Lcheck(fsys, "big.sql"); err == nil {
		t.Error("a file whose declared size is over the bound passed")
	}
	if _, err := ReadFile(fsys, "edge.sql"); err != nil {
		t.Errorf("a file of exactly MaxSize was refused: %v", err)
	}
	if _, err := ReadFile(fsys, "link.sql"); !errors.Is(err, ErrUnsafe) {
		t.Errorf("a link in a MapFS was read: %v", err)
	}
}

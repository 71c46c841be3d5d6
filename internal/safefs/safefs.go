// Package safefs reads migration files without trusting them. A migration
// file comes from whoever wrote the change set (a fork's pull request, too):
// a symbolic link may point out of the workspace (/etc/passwd), a FIFO blocks
// the reader for ever, a device (/dev/zero) never ends, and a huge file
// exhausts memory. safefs decides, from a file's own metadata and without
// opening it, whether it may be read at all, and reads it with a bound. Both
// the check's linter and the migrate commands use it, so what one refuses the
// other never runs.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// MaxSize is the largest migration file schemagate reads: 16 MiB. Real
// migrations are far smaller; a bigger file is a data dump or a mistake,
// and reading it whole would cost that much memory (and more to parse).
const MaxSize = 16 << 20

// Size is the size of a file that is listed without its content (a git blob
// too large to load): a file system puts it in its FileInfo's Sys so that
// Check sees the real size.
type Size int64

// ErrUnsafe marks every refusal of this package.
var ErrUnsafe = errors.New("not a regular file of a readable size")

// UnsafeError says why a file is not read.
type UnsafeError struct {
	Name string
	// Kind is "symbolic link", "FIFO", "device", "socket", "irregular
	// file" or "" when the file is regular but larger than MaxSize.
	Kind string
	Size int64
}

func (e *UnsafeError) Error() string { return e.Name + " " + e.Reason() }

// Reason is the part of the message after the file name.
func (e *UnsafeError) Reason() string {
	if e.Kind != "" {
		return "is a " + e.Kind + ", not a regular file"
	}
	return fmt.Sprintf("is %s, larger than the %s bound for a migration file", human(e.Size), human(MaxSize))
}

// Fix says what to do about it.
func (e *UnsafeError) Fix() string {
	if e.Kind == "symbolic link" {
		return "Commit the migration's SQL as a regular file instead of a link."
	}
	if e.Kind != "" {
		return "Replace it with a regular file holding the migration's SQL."
	}
	return "Split it into smaller migrations, or load bulk data outside the migrations."
}

func (e *UnsafeError) Unwrap() error { return ErrUnsafe }

// Check returns an *UnsafeError when the file described by fi (as returned
// by fs.Lstat, not following links) must not be read, nil otherwise.
func Check(name string, fi fs.FileInfo) error {
	if kind := kindOf(fi.Mode()); kind != "" {
		return &UnsafeError{Name: name, Kind: kind}
	}
	size := fi.Size()
	if s, ok := fi.Sys().(Size); ok {
		size = int64(s)
	}
	if size > MaxSize {
		return &UnsafeError{Name: name, Size: size}
	}
	return nil
}

// Lcheck checks name in fsys without opening it or following a link
// (fs.Lstat: os.DirFS and fstest.MapFS report links as links).
func Lcheck(fsys fs.FS, name string) error {
	fi, err := fs.Lstat(fsys, name)
	if err != nil {
		return err
	}
	return Check(name, fi)
}

// ReadFile reads name from fsys when Lcheck allows it, never more than
// MaxSize bytes, and checks the opened file again (it may have been swapped
// since the check).
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	if err := Lcheck(fsys, name); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := Check(name, fi); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxSize {
		return nil, &UnsafeError{Name: name, Size: int64(len(body))}
	}
	return body, nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	case !m.IsRegular():
		return "irregular file"
	}
	return ""
}

func human(n int64) string {
	const mib = 1 << 20
	if n%mib == 0 {
		return fmt.Sprintf("%d MiB", n/mib)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/mib)
}

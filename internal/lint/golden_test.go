package lint

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*/want.out")

// TestGolden runs the linter on each testdata/golden/<case>: head/ is the
// migrations directory at head, base.txt the base's file names, changes.txt
// the change set ("A path", "M path", "D path", "R old new"), and want.out
// the findings, messages included, as a reader sees them. An optional
// special.txt lists files git cannot hold, made for real in a copy of head/
// ("symlink name target", "fifo name", "sparse name bytes").
func TestGolden(t *testing.T) {
	t.Parallel()
	cases, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			in := Input{Dir: "migrations", Head: os.DirFS(headDir(t, dir))}
			in.BaseNames = lines(t, filepath.Join(dir, "base.txt"))
			for _, l := range lines(t, filepath.Join(dir, "changes.txt")) {
				f := strings.Fields(l)
				c := changes.Change{Path: f[len(f)-1]}
				switch f[0] {
				case "A":
					c.Status = changes.Added
				case "M":
					c.Status = changes.Modified
				case "D":
					c.Status = changes.Removed
				case "R":
					c.Status, c.PreviousPath = changes.Renamed, f[1]
				default:
					t.Fatalf("changes.txt: bad line %q", l)
				}
				in.Changes = append(in.Changes, c)
			}
			res, err := Run(in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range res.Findings {
				b.WriteString(f.String() + "\n")
			}
			want := filepath.Join(dir, "want.out")
			if *update {
				if err := os.WriteFile(want, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/lint -run Golden -update)", err)
			}
			if b.String() != string(w) {
				t.Errorf("findings differ from %s:\n--- got\n%s--- want\n%s", want, b.String(), w)
			}
		})
	}
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// headDir is dir/head, or a copy of it with the files of dir/special.txt
// added.
func headDir(t *testing.T, dir string) string {
	t.Helper()
	head := filepath.Join(dir, "head")
	if _, err := os.Stat(filepath.Join(dir, "special.txt")); err != nil {
		return head
	}
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(head)); err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(t, filepath.Join(dir, "special.txt")) {
		f := strings.Fields(l)
		p := filepath.Join(tmp, f[1])
		var err error
		switch f[0] {
		case "symlink":
			err = os.Symlink(f[2], p)
		case "fifo":
			err = syscall.Mkfifo(p, 0o644)
		case "sparse":
			var n int64
			if n, err = strconv.ParseInt(f[2], 10, 64); err == nil {
				err = os.WriteFile(p, nil, 0o644)
			}
			if err == nil {
				err = os.Truncate(p, n)
			}
		default:
			t.Fatalf("special.txt: bad line %q", l)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}

package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/safefs"
)

// version is one migration version in the directory: its up and down files.
type version struct {
	Version  uint
	Up, Down string // file names, "" when absent
}

// files are the directory's versions, ascending.
type files struct {
	dir  string // relative to the workspace, for messages
	list []version
}

// readFiles lists the migrations in fsys the way golang-migrate's iofs
// source does (source.Parse on every file of the top directory, others
// skipped), so our plan and golang-migrate's run cannot disagree. A
// migration file that is a symbolic link, FIFO or device, or larger than
// safefs.MaxSize, is refused here, before any command connects: golang-migrate
// would follow the link out of the workspace, block on the FIFO (and ignore
// SIGTERM while it does), or read the device or the huge file whole.
func readFiles(fsys fs.FS, rel string) (*files, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, inputError("migrations-path", fmt.Sprintf("directory %s does not exist: set migrations-path to the directory holding the golang-migrate files", rel), nil)
	}
	if err != nil {
		return nil, inputError("migrations-path", fmt.Sprintf("read directory %s", rel), err)
	}
	byVersion := map[uint]*version{}
	var unsafe []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		m, err := source.Parse(e.Name())
		if err != nil {
			continue
		}
		var ue *safefs.UnsafeError
		if err := safefs.Lcheck(fsys, e.Name()); errors.As(err, &ue) {
			unsafe = append(unsafe, fmt.Sprintf("%s %s. %s", path.Join(rel, e.Name()), ue.Reason(), ue.Fix()))
			continue
		} else if err != nil {
			return nil, inputError("migrations-path", fmt.Sprintf("read %s", path.Join(rel, e.Name())), err)
		}
		v := byVersion[m.Version]
		if v == nil {
			v = &version{Version: m.Version}
			byVersion[m.Version] = v
		}
		slot := &v.Up
		if m.Direction == source.Down {
			slot = &v.Down
		}
		if *slot != "" {
			return nil, inputError("migrations-path", fmt.Sprintf("%s has two %s migrations for version %d (%s and %s): golang-migrate refuses to run; rename one to a new version", rel, m.Direction, m.Version, *slot, e.Name()), nil)
		}
		*slot = e.Name()
	}
	if len(unsafe) > 0 {
		return nil, inputError("migrations-path", fmt.Sprintf("refusing to run: %s Nothing was run: schemagate never reads such a file (check reports it as SG108)", strings.Join(unsafe, " ")), nil)
	}
	f := &files{dir: rel}
	for _, v := range byVersion {
		f.list = append(f.list, *v)
	}
	sort.Slice(f.list, func(i, j int) bool { return f.list[i].Version < f.list[j].Version })
	return f, nil
}

func (f *files) path(name string) string {
	if name == "" {
		return ""
	}
	return path.Join(f.dir, name)
}

func (f *files) index(v uint) int {
	i := sort.Search(len(f.list), func(i int) bool { return f.list[i].Version >= v })
	if i < len(f.list) && f.list[i].Version == v {
		return i
	}
	return -1
}

func (f *files) latest() (uint, bool) {
	if len(f.list) == 0 {
		return 0, false
	}
	return f.list[len(f.list)-1].Version, true
}

// upSteps are the up migrations above state, up to and including target
// (all when !hasTarget).
func (f *files) upSteps(s State, target uint, hasTarget bool) []Step {
	var out []Step
	for _, v := range f.list {
		if s.HasVersion && v.Version <= s.Version {
			continue
		}
		if hasTarget && v.Version > target {
			break
		}
		out = append(out, Step{Version: v.Version, Direction: DirUp, File: f.path(v.Up)})
	}
	return out
}

// downSteps are the down migrations from the state's version downwards,
// stopping above target (when hasTarget) or after n steps.
func (f *files) downSteps(s State, target uint, hasTarget bool, n int) []Step {
	if !s.HasVersion {
		return nil
	}
	var out []Step
	for i := len(f.list) - 1; i >= 0; i-- {
		v := f.list[i]
		if v.Version > s.Version {
			continue
		}
		if hasTarget && v.Version <= target {
			break
		}
		if !hasTarget && len(out) == n {
			break
		}
		out = append(out, Step{Version: v.Version, Direction: DirDown, File: f.path(v.Down)})
	}
	return out
}

// previous is the version below v in the directory, -1 when none.
func (f *files) previous(v uint) int {
	prev := -1
	for _, x := range f.list {
		if x.Version >= v {
			break
		}
		prev = int(x.Version)
	}
	return prev
}

func (f *files) versions() []uint {
	out := make([]uint, len(f.list))
	for i, v := range f.list {
		out[i] = v.Version
	}
	return out
}

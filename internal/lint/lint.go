// Package lint checks a migrations directory the way golang-migrate will read
// it, so that golang-migrate never silently skips, double-applies or re-runs
// an edited migration (rules SG101-SG108). No file is opened that is not a
// regular file of a bounded size (package safefs). A file name is valid exactly when
// golang-migrate's own source.Parse accepts it, so the linter and the
// migrator cannot disagree. Each rule lives in its own rule_*.go file.
package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/safefs"
)

// Input is what the linter sees.
type Input struct {
	// Dir is the migrations directory relative to the repository root,
	// slash-separated ("migrations", "db/migrations"). Finding paths are
	// Dir + "/" + name.
	Dir string
	// Head is the migrations directory at the head of the change set.
	// A nil Head means the directory does not exist there.
	Head fs.FS
	// BaseNames are the file names directly in the migrations directory on
	// the base the change set merges into. Their highest version is what a
	// new migration must exceed.
	BaseNames []string
	// Changes is the whole change set, paths relative to the repository root.
	Changes []changes.Change
	// RequireDown turns SG105 into an error.
	RequireDown bool
	// SQLDialect is the sql-dialect input: under "mysql" an up file that is
	// empty or white space only is an error (SG106).
	SQLDialect string
}

// Result is what the linter found.
type Result struct {
	Findings []finding.Finding
	// New are the migration files the change set adds (repository paths).
	New []string
	// Touched are the up migrations the change set adds or modifies
	// (repository paths), the files the SQL rules read.
	Touched []string
}

// migration is a file whose name golang-migrate parses.
type migration struct {
	name string // file name in the directory
	path string // repository path
	m    *source.Migration
	ext  string
}

// state is everything the rules share, computed once.
type state struct {
	in Input
	// top-level regular files at head, by name
	names []string
	// parsed migrations at head
	migs []migration
	// names that failed to parse but look like migrations
	unparsed []string
	// files in subdirectories (paths relative to the migrations dir)
	nested []string
	// top-level files that must not be read (links, FIFOs, devices, huge)
	unsafe map[string]*safefs.UnsafeError
	// the dominant extension of the directory ("sql")
	ext string
	// base
	baseVersions map[uint]bool
	baseMax      uint
	hasBase      bool
	// change set, restricted to the migrations directory: file name -> change
	added    map[string]bool
	changed  map[string]changes.Change // modified/removed/renamed-from (old name)
	contents func(name string) ([]byte, error)
}

type rule func(*state) []finding.Finding

var rules = []rule{sg101, sg102, sg103, sg104, sg105, sg106, sg107, sg108}

// Run lints the migrations directory.
func Run(in Input) (Result, error) {
	s, err := newState(in)
	if err != nil {
		return Result{}, err
	}
	var res Result
	for _, r := range rules {
		res.Findings = append(res.Findings, r(s)...)
	}
	finding.Sort(res.Findings)
	for _, m := range s.migs {
		if s.added[m.name] {
			res.New = append(res.New, m.path)
		}
		if m.m.Direction == source.Up {
			if _, mod := s.changed[m.name]; (s.added[m.name] || mod) && s.unsafe[m.name] == nil {
				res.Touched = append(res.Touched, m.path)
			}
		}
	}
	return res, nil
}

func newState(in Input) (*state, error) {
	s := &state{
		in:           in,
		baseVersions: map[uint]bool{},
		added:        map[string]bool{},
		changed:      map[string]changes.Change{},
		unsafe:       map[string]*safefs.UnsafeError{},
	}
	s.contents = func(name string) ([]byte, error) { return safefs.ReadFile(in.Head, name) }
	if in.Head != nil {
		err := fs.WalkDir(in.Head, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			if strings.Contains(p, "/") {
				s.nested = append(s.nested, p)
				return nil
			}
			s.names = append(s.names, p)
			var ue *safefs.UnsafeError
			if err := safefs.Lcheck(in.Head, p); errors.As(err, &ue) {
				s.unsafe[p] = ue
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read migrations directory %s: %w", in.Dir, err)
		}
	}
	sort.Strings(s.names)
	exts := map[string]int{}
	for _, name := range s.names {
		m, ext, ok := parse(name)
		if !ok {
			if looksLikeMigration(name) {
				s.unparsed = append(s.unparsed, name)
			}
			continue
		}
		s.migs = append(s.migs, migration{name: name, path: s.repoPath(name), m: m, ext: ext})
		if plainExt(ext) {
			exts[ext]++
		}
	}
	s.ext = "sql"
	best := 0
	for e, n := range exts {
		if n > best || (n == best && e < s.ext) {
			s.ext, best = e, n
		}
	}
	for _, name := range in.BaseNames {
		if m, _, ok := parse(name); ok {
			s.hasBase = true
			s.baseVersions[m.Version] = true
			s.baseMax = max(s.baseMax, m.Version)
		}
	}
	for _, c := range in.Changes {
		switch c.Status {
		case changes.Added, changes.Copied:
			if n, ok := s.nameIn(c.Path); ok {
				s.added[n] = true
			}
		case changes.Renamed:
			if n, ok := s.nameIn(c.Path); ok {
				s.added[n] = true
			}
			if n, ok := s.nameIn(c.PreviousPath); ok {
				s.changed[n] = c
			}
		case changes.Modified, changes.Removed:
			if n, ok := s.nameIn(c.Path); ok {
				s.changed[n] = c
			}
		}
	}
	return s, nil
}

// parse applies golang-migrate's own parser and returns the extension too.
func parse(name string) (*source.Migration, string, bool) {
	m, err := source.Parse(name)
	if err != nil {
		return nil, "", false
	}
	sub := source.Regex.FindStringSubmatch(name)
	return m, sub[4], true
}

// plainExt is an extension with no extra suffix (not "sql.bak", "sql~").
func plainExt(ext string) bool {
	return ext != "" && !strings.ContainsAny(ext, ".~#") && !strings.HasPrefix(ext, "swp")
}

// looksLikeMigration is a file a person meant as a migration: it starts
// with a digit, names a direction, or has a SQL extension.
func looksLikeMigration(name string) bool {
	l := strings.ToLower(name)
	if l == "" {
		return false
	}
	if l[0] >= '0' && l[0] <= '9' {
		return true
	}
	return strings.Contains(l, ".up.") || strings.Contains(l, ".down.") ||
		strings.Contains(l, "_up.") || strings.Contains(l, "_down.") ||
		strings.HasSuffix(l, ".sql") || strings.Contains(l, ".sql.")
}

// nameIn returns the file name when p is directly inside the migrations
// directory.
func (s *state) nameIn(p string) (string, bool) {
	dir, name := path.Split(p)
	if path.Clean("./"+dir) != path.Clean("./"+s.in.Dir) || name == "" {
		return "", false
	}
	return name, true
}

func (s *state) repoPath(name string) string {
	if s.in.Dir == "" || s.in.Dir == "." {
		return name
	}
	return s.in.Dir + "/" + name
}

func (s *state) find(m migration, rule string, sev finding.Severity, format string, args ...any) finding.Finding {
	return finding.Finding{Rule: rule, Severity: sev, File: m.path, Message: fmt.Sprintf(format, args...)}
}

// next is the version a new migration should take, written with the
// padding of the author's file (like, when not empty: the file a finding
// asks to renumber), else of the file holding the highest version (at head,
// else on the base: the change set may have renamed or deleted it). So
// 000005 is followed by 000006 and 5 by 6, whatever other files do.
func (s *state) next(like string) string {
	top := s.baseMax
	for _, m := range s.migs {
		top = max(top, m.m.Version)
	}
	width := -1
	if like != "" {
		width = digitsWidth(like)
	}
	for _, m := range s.migs {
		if width < 0 && m.m.Version == top {
			width = digitsWidth(m.name)
		}
	}
	for _, name := range s.in.BaseNames {
		if m, _, ok := parse(name); ok && width < 0 && m.Version == top {
			width = digitsWidth(name)
		}
	}
	return fmt.Sprintf("%0*d", max(width, 0), top+1)
}

// digitsWidth is the length of the version digits a file name starts with.
func digitsWidth(name string) int {
	digits, _, _ := strings.Cut(name, "_")
	return len(digits)
}

func names(ms []migration) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.name
	}
	slices.Sort(out)
	return out
}

package check

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/safefs"
)

// maxBaseFile bounds a base migration the SQL rules read to build the
// schema at the base; a larger one is not read (and the report says so).
const maxBaseFile = 4 << 20

// baseMigrations returns the base's up migrations that the change set does
// not touch, read from the head tree (SG104 reports any that changed), in
// version order: the history the SQL rules replay to know the schema the
// change set runs against.
func baseMigrations(head fs.FS, dir string, baseNames, touched []string) ([]SQLFile, string) {
	touchedNames := map[string]bool{}
	for _, t := range touched {
		touchedNames[path.Base(t)] = true
	}
	var names []string
	for _, name := range baseNames {
		m, err := source.Parse(name)
		if err != nil || m.Direction != source.Up || touchedNames[name] {
			continue
		}
		names = append(names, name)
	}
	var out []SQLFile
	for _, name := range byVersion(names) {
		// Never through a link, a FIFO or a device (SG108 reports them).
		src, err := safefs.ReadFile(head, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted by the change set: SG104 reports it
		}
		if errors.Is(err, safefs.ErrUnsafe) || len(src) > maxBaseFile {
			return out, fmt.Sprintf("the SQL rules did not read %s (not a regular file, or over %d MiB), so they know the base's schema only up to the migration before it", path.Join(dir, name), maxBaseFile>>20)
		}
		if err != nil {
			return out, fmt.Sprintf("the SQL rules could not read %s (%v), so they know the base's schema only up to the migration before it", path.Join(dir, name), err)
		}
		out = append(out, SQLFile{Path: path.Join(dir, name), Src: src})
	}
	return out, ""
}

// byVersion sorts migration paths by golang-migrate version (then name).
func byVersion(paths []string) []string {
	out := slices.Clone(paths)
	version := func(p string) uint {
		if m, err := source.Parse(path.Base(p)); err == nil {
			return m.Version
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		vi, vj := version(out[i]), version(out[j])
		if vi != vj {
			return vi < vj
		}
		return out[i] < out[j]
	})
	return out
}

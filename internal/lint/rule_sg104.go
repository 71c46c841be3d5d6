package lint

import (
	"fmt"
	"path"
	"sort"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/finding"
)

// sg104: a migration that exists on the base was modified, renamed or
// deleted. Databases that already ran it never run the new text, and
// golang-migrate cannot find a renamed or deleted version it has applied.
func sg104(s *state) []finding.Finding {
	var out []finding.Finding
	old := make([]string, 0, len(s.changed))
	for name := range s.changed {
		old = append(old, name)
	}
	sort.Strings(old)
	for _, name := range old {
		c := s.changed[name]
		m, _, ok := parse(name)
		if !ok {
			continue // fixing a badly named file is welcome
		}
		var msg string
		sev := finding.Error
		switch {
		case c.Status == changes.Modified:
			msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was modified: databases that already applied it will never run the edit, so environments drift apart. Revert the edit and put the change in a new migration numbered %s.",
				name, m.Version, s.next(name))
		case c.Status == changes.Removed && s.hasAtHead(m.Version, otherDirection(m.Direction)):
			msg, sev = s.halfDeleted(name, m)
		case c.Status == changes.Removed:
			msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was deleted: golang-migrate fails on a database at a version it has no file for, and down can no longer step over it. Restore it; to undo its effect, add a new migration numbered %s.",
				name, m.Version, s.next(name))
		default:
			newName := path.Base(c.Path)
			if nm, _, ok := parse(newName); ok && nm.Version != m.Version {
				msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was renamed to %s, version %d: databases that already applied it would apply it again as version %d. Restore the old name; to change the schema, add a new migration numbered %s.",
					name, m.Version, newName, nm.Version, nm.Version, s.next(name))
			} else {
				msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was renamed to %s: migration files are history that other branches and databases build on, and a file name is how people and tools find a version. Restore the old name; to change the schema, add a new migration numbered %s.",
					name, m.Version, newName, s.next(name))
			}
		}
		out = append(out, finding.Finding{Rule: "SG104", Severity: sev, File: s.repoPath(name), Message: msg})
	}
	return out
}

// halfDeleted describes deleting one file of an applied migration whose
// other file stays. golang-migrate runs a missing file as an empty
// migration: without the down file, down moves the version past it and
// leaves its schema in place; without the up file, a database that has not
// run it yet records the version with none of its schema. Both are SG104's
// error (CONTRACT.md): the file changed under databases that ran it.
func (s *state) halfDeleted(name string, m *source.Migration) (string, finding.Severity) {
	if m.Direction == source.Down {
		return fmt.Sprintf("down file %s of existing migration version %d (present on the base) was deleted while version %d still has an up file: up is unaffected, but down can no longer undo version %d (golang-migrate runs the missing file as an empty migration: the version moves back, the schema stays). Restore it; it may hold only a comment when the change cannot be undone.",
			name, m.Version, m.Version, m.Version), finding.Error
	}
	return fmt.Sprintf("up file %s of existing migration version %d (present on the base) was deleted while version %d still has a down file: a database that has not applied version %d yet would record it as applied without running any of it (golang-migrate runs the missing file as an empty migration). Restore it; to undo its effect, add a new migration numbered %s.",
		name, m.Version, m.Version, m.Version, s.next(name)), finding.Error
}

// hasAtHead reports whether the head holds a file of version v in
// direction d.
func (s *state) hasAtHead(v uint, d source.Direction) bool {
	for _, h := range s.migs {
		if h.m.Version == v && h.m.Direction == d {
			return true
		}
	}
	return false
}

func otherDirection(d source.Direction) source.Direction {
	if d == source.Up {
		return source.Down
	}
	return source.Up
}

package lint

import (
	"fmt"
	"path"
	"sort"

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
		switch c.Status {
		case changes.Modified:
			msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was modified: databases that already applied it will never run the edit, so environments drift apart. Revert the edit and put the change in a new migration numbered %s.",
				name, m.Version, s.next())
		case changes.Removed:
			msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was deleted: golang-migrate fails on a database at a version it has no file for, and down can no longer step over it. Restore it; to undo its effect, add a new migration numbered %s.",
				name, m.Version, s.next())
		default:
			newName := path.Base(c.Path)
			if nm, _, ok := parse(newName); ok && nm.Version != m.Version {
				msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was renamed to %s, version %d: databases that already applied it would apply it again as version %d. Restore the old name; to change the schema, add a new migration numbered %s.",
					name, m.Version, newName, nm.Version, nm.Version, s.next())
			} else {
				msg = fmt.Sprintf("existing migration %s (version %d, present on the base) was renamed to %s: migration files are history that other branches and databases build on, and a file name is how people and tools find a version. Restore the old name; to change the schema, add a new migration numbered %s.",
					name, m.Version, newName, s.next())
			}
		}
		out = append(out, finding.Finding{Rule: "SG104", Severity: finding.Error, File: s.repoPath(name), Message: msg})
	}
	return out
}

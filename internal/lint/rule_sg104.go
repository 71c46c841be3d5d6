package lint

import (
	"fmt"
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
		var what, fix string
		switch c.Status {
		case changes.Modified:
			what, fix = "was modified", "Revert the edit and put the change in a new migration"
		case changes.Removed:
			what, fix = "was deleted", "Restore it; to undo its effect, add a new migration"
		default:
			what, fix = "was renamed to "+c.Path, "Restore the old name; to change the schema, add a new migration"
		}
		out = append(out, finding.Finding{
			Rule: "SG104", Severity: finding.Error, File: s.repoPath(name),
			Message: fmt.Sprintf("existing migration %s (version %d, present on the base) %s: databases that already applied it will never run the new version, and golang-migrate fails on a version it applied but cannot find. %s numbered %s.",
				name, m.Version, what, fix, s.next()),
		})
	}
	return out
}

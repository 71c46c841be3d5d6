package lint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// sg101: a file that looks like a migration but golang-migrate would skip
// (its name does not parse), or that carries an extra suffix (a backup or
// editor file that golang-migrate would read as a second copy).
func sg101(s *state) []finding.Finding {
	var out []finding.Finding
	for _, name := range s.unparsed {
		out = append(out, finding.Finding{
			Rule: "SG101", Severity: finding.Error, File: s.repoPath(name),
			Message: fmt.Sprintf("%s does not match {version}_{title}.{up|down}.{ext}, so golang-migrate silently skips it. Rename it, for example to %s_%s.up.%s, or move it out of %s.",
				name, s.next(), "describe_change", s.ext, s.in.Dir),
		})
	}
	for _, m := range s.migs {
		if m.ext == s.ext {
			continue
		}
		msg := fmt.Sprintf("%s has extension %q where this directory uses %q: golang-migrate reads it as %s migration %d too. Delete it if it is a backup or editor file, or rename it to end in .%s.",
			m.name, m.ext, s.ext, m.m.Direction, m.m.Version, s.ext)
		out = append(out, finding.Finding{Rule: "SG101", Severity: finding.Error, File: m.path, Message: msg})
	}
	return out
}

package lint

import (
	"github.com/schemagate/schemagate/internal/finding"
)

// sg108: a migration file that is a symbolic link, FIFO or device, or
// larger than safefs.MaxSize. Such a file is never read (a link may point
// out of the workspace, a FIFO blocks, a device never ends), so neither the
// other rules nor the SQL rules see it, and the migrate commands refuse the
// directory while it is there. Every such file at head counts, not only the
// changed ones: golang-migrate would follow an old link just the same.
func sg108(s *state) []finding.Finding {
	var out []finding.Finding
	for _, name := range s.names {
		ue := s.unsafe[name]
		if ue == nil {
			continue
		}
		if _, _, ok := parse(name); !ok && !looksLikeMigration(name) {
			continue
		}
		out = append(out, finding.Finding{
			Rule: "SG108", Severity: finding.Error, File: s.repoPath(name),
			Message: name + " " + ue.Reason() + ": schemagate never reads it, and migrate, down, plan, verify and force refuse to run while it is in " + s.in.Dir + ". " + ue.Fix(),
		})
	}
	return out
}

package lint

import (
	"strings"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/finding"
)

// sg105: a new up migration without its down file: `down` cannot roll it
// back. A warning, or an error with require-down.
func sg105(s *state) []finding.Finding {
	downs := map[uint]bool{}
	for _, m := range s.migs {
		if m.m.Direction == source.Down {
			downs[m.m.Version] = true
		}
	}
	sev := finding.Warning
	if s.in.RequireDown {
		sev = finding.Error
	}
	var out []finding.Finding
	for _, m := range s.migs {
		if m.m.Direction != source.Up || !s.added[m.name] || downs[m.m.Version] {
			continue
		}
		out = append(out, s.find(m, "SG105", sev,
			"new migration %s has no down file, so the down command cannot roll it back. Add %s (it may hold only a comment when the change cannot be undone).",
			m.name, downName(m.name)))
	}
	return out
}

// downName is the down file that pairs with an up file name, keeping its
// version's padding and its title.
func downName(up string) string {
	i := strings.LastIndex(up, ".up.")
	return up[:i] + ".down." + up[i+len(".up."):]
}

package lint

import (
	"github.com/schemagate/schemagate/internal/finding"
)

// sg103: a new migration whose version is not above the highest version on
// the base. golang-migrate only ever moves forward from the database's
// current version, so once the base's higher migration has run, this one is
// skipped forever, silently. A new down file for a version the base already
// has (adding a forgotten down) is fine.
func sg103(s *state) []finding.Finding {
	var out []finding.Finding
	if !s.hasBase {
		return nil
	}
	for _, m := range s.migs {
		if !s.added[m.name] || s.baseVersions[m.m.Version] || m.m.Version > s.baseMax {
			continue
		}
		out = append(out, s.find(m, "SG103", finding.Error,
			"new migration version %d is not above the highest version on the base (%d): golang-migrate never applies a version below the database's current one, so it would be skipped forever. Renumber it to %s or higher.",
			m.m.Version, s.baseMax, s.next(m.name)))
	}
	return out
}

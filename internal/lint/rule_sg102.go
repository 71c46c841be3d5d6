package lint

import (
	"strings"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/finding"
)

// sg102: two up (or two down) files with the same version, also when the
// numbers are written differently (1_a and 001_b). golang-migrate refuses
// to start on such a directory.
func sg102(s *state) []finding.Finding {
	type key struct {
		v uint
		d source.Direction
	}
	groups := map[key][]migration{}
	var order []key
	for _, m := range s.migs {
		if m.ext != s.ext {
			continue // SG101 already says it is read as a second copy
		}
		k := key{m.m.Version, m.m.Direction}
		if len(groups[k]) == 0 {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	var out []finding.Finding
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		// Blame the files the change set brings; when none is new, blame all
		// but the first.
		var blamed []migration
		for _, m := range g {
			if s.added[m.name] {
				blamed = append(blamed, m)
			}
		}
		if len(blamed) == 0 || len(blamed) == len(g) {
			blamed = g[1:]
		}
		for _, m := range blamed {
			out = append(out, s.find(m, "SG102", finding.Error,
				"version %d has %d %s files (%s): golang-migrate refuses to run with a duplicate version. Renumber the newer one to %s.",
				k.v, len(g), k.d, strings.Join(names(g), ", "), s.next(m.name)))
		}
	}
	return out
}

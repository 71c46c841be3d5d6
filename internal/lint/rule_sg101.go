package lint

import (
	"fmt"
	"regexp"
	"strings"

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
			Message: fmt.Sprintf("%s does not match {version}_{title}.{up|down}.{ext}, so golang-migrate silently skips it. Rename it, for example to %s, or move it out of %s.",
				name, s.suggest(name), s.in.Dir),
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

// near is a name close to golang-migrate's pattern: a version (with an
// optional V prefix, as Flyway writes it), any separators, a title, and an
// optional direction somewhere before the extension.
var near = regexp.MustCompile(`(?i)^v?([0-9]+)[-_.\s]*(.*?)$`)

// suggest proposes a valid name that keeps the author's version and title
// when the name is recognisably close, else a new name above every version.
func (s *state) suggest(name string) string {
	dir := "up"
	lower := strings.ToLower(name)
	base := name
	if i := strings.LastIndex(base, "."); i > 0 {
		base = base[:i]
	}
	for _, d := range []string{"down", "up"} {
		for _, sep := range []string{".", "_", "-"} {
			if strings.HasSuffix(strings.ToLower(base), sep+d) {
				base, dir = base[:len(base)-len(sep+d)], d
			}
		}
	}
	if strings.Contains(lower, ".down.") || strings.Contains(lower, "_down.") {
		dir = "down"
	}
	if m := near.FindStringSubmatch(base); m != nil {
		title := strings.Trim(strings.NewReplacer(" ", "_", "-", "_", ".", "_").Replace(m[2]), "_")
		if title == "" {
			title = "describe_change"
		}
		cand := fmt.Sprintf("%s_%s.%s.%s", m[1], title, dir, s.ext)
		if _, _, ok := parse(cand); ok {
			return cand
		}
	}
	return fmt.Sprintf("%s_describe_change.%s.%s", s.next(""), dir, s.ext)
}

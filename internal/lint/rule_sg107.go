package lint

import (
	"path"

	"github.com/schemagate/schemagate/internal/finding"
)

// sg107: a migration-like file in a subdirectory of the migrations
// directory. golang-migrate reads only the directory itself, so the file is
// never applied.
func sg107(s *state) []finding.Finding {
	var out []finding.Finding
	for _, p := range s.nested {
		name := path.Base(p)
		if _, _, ok := parse(name); !ok && !looksLikeMigration(name) {
			continue
		}
		out = append(out, finding.Finding{
			Rule: "SG107", Severity: finding.Warning, File: s.repoPath(p),
			Message: "golang-migrate does not read subdirectories of " + s.in.Dir + ", so " + p + " is never applied. Move it into " + s.in.Dir + "/ (with a new version number) or out of the migrations directory.",
		})
	}
	return out
}

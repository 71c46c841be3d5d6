package report

import "strings"

// lintRules describes the migration file rules (SG1xx) for reports that
// describe their rules; the SQL rules (SG2xx) describe themselves
// (sqllint.Summary).
var lintRules = map[string]string{
	"SG101": "a file that looks like a migration but does not match {version}_{title}.{up,down}.{ext}, so golang-migrate silently skips it",
	"SG102": "two up (or two down) migration files with the same version",
	"SG103": "a new migration whose version is not above the highest version on the base: golang-migrate would never apply it",
	"SG104": "an existing migration (present on the base) modified, renamed or deleted",
	"SG105": "a new up migration without its down file",
	"SG106": "an empty migration file",
	"SG107": "a migration-like file in a subdirectory of the migrations directory, which golang-migrate does not read",
	"SG108": "a migration file that is not a regular file (symbolic link, FIFO, device) or is larger than the size bound",
}

// RuleSummary describes a rule id: SG1xx from lintRules, anything else from
// other (the SQL rules' own summaries); "" when neither knows it.
func RuleSummary(id string, other func(string) string) string {
	if s, ok := lintRules[strings.ToUpper(id)]; ok {
		return s
	}
	if other != nil {
		return other(id)
	}
	return ""
}

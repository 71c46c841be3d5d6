package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG291: a valid schemagate:ignore comment that silences nothing. It
// misleads readers, and once the statement it applies to changes it would
// silently swallow a finding nobody reviewed. Its findings come from Lint
// (staleSuppressions); it cannot itself be suppressed.
var ruleSG291 = &rule{
	id:       "SG291",
	severity: finding.Warning,
	summary:  "a schemagate:ignore comment that matches no finding",
}

// staleSuppressions returns one SG291 finding for each valid suppression that
// names a rule which reported nothing where the suppression applies (its
// statement; for SG200, the file). A rule that cannot fire in dialect (or
// is turned off) is not counted against a suppression, so a portable migration may carry a
// suppression meant for another dialect. Nor, in a file that does not parse,
// is any rule but SG200 (the others did not run).
func staleSuppressions(dialect string, enabled func(*rule) bool, file string, sups []suppression, hits []hit, p parsed) []finding.Finding {
	var out []finding.Finding
	for _, s := range sups {
		if s.bad != "" {
			continue // SG290 reports it
		}
		target := targetStmt(s.line, p.stmts)
		var stale []string
		onlySG200, unsuppressible := true, true
		for _, id := range s.rules {
			r := ruleByID(id)
			if r == nil || !enabled(r) || (p.err != "" && r != ruleSG200) || contains(stale, id) {
				continue
			}
			if !matchesHit(r, target, hits) {
				stale = append(stale, id)
				onlySG200 = onlySG200 && r == ruleSG200
				unsuppressible = unsuppressible && (r == ruleSG290 || r == ruleSG291)
			}
		}
		if len(stale) == 0 {
			continue
		}
		ids := strings.Join(stale, ", ")
		var msg string
		switch {
		case unsuppressible:
			msg = fmt.Sprintf("this schemagate:ignore comment names %s, whose findings cannot be suppressed, so it hides nothing. Fix the comment it is about instead, and delete this one.", ids)
		case onlySG200:
			msg = fmt.Sprintf("this schemagate:ignore comment names SG200, but the file parses as %s, so it hides nothing today and would silently hide a future parse error anywhere in the file. Delete it.", dialectNames[dialect])
		default:
			why := "no statement follows it"
			if target >= 0 {
				why = fmt.Sprintf("the statement it applies to (line %d) has no such finding", p.stmts[target].line)
			}
			msg = fmt.Sprintf("this schemagate:ignore comment names %s, but %s, so it hides nothing today and would silently hide a future finding there. Put it right above the statement it is meant for, or delete it (or the stale rule id).", ids, why)
		}
		out = append(out, finding.Finding{Rule: ruleSG291.id, Severity: ruleSG291.severity, File: file, Line: s.line, Message: msg})
	}
	return out
}

// matchesHit reports whether r reported something the suppression covers:
// a finding on the target statement, or (SG200) anywhere in the file.
func matchesHit(r *rule, target int, hits []hit) bool {
	for _, h := range hits {
		if h.rule == r && (h.stmt < 0 || h.stmt == target) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

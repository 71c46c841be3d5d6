package sqllint

import (
	"regexp"
	"strings"
)

const suppressPrefix = "schemagate:ignore"

var ruleIDPattern = regexp.MustCompile(`^SG2\d\d$`)

// suppression is one `-- schemagate:ignore SG201[,SG202] <reason>` comment.
type suppression struct {
	line   int
	rules  []string
	reason string
	bad    string // why the comment is not a valid suppression
}

// parseSuppressions reads suppression comments. A comment that starts with
// the prefix but has no rule id or no reason is returned with bad set: it
// suppresses nothing and becomes an SG290 finding.
func parseSuppressions(comments []comment, ls lines) []suppression {
	var out []suppression
	for _, c := range comments {
		text := strings.TrimSpace(c.text)
		if !c.line || !strings.HasPrefix(strings.ToLower(text), suppressPrefix) {
			continue
		}
		rest := text[len(suppressPrefix):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			continue // schemagate:ignore-something is not ours
		}
		s := suppression{line: ls.at(c.off)}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			s.bad = "names no rule"
			out = append(out, s)
			continue
		}
		for _, id := range strings.Split(fields[0], ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if id == "" {
				continue
			}
			if !ruleIDPattern.MatchString(id) || ruleByID(id) == nil {
				s.bad = "names unknown rule " + id
			}
			s.rules = append(s.rules, id)
		}
		if len(s.rules) == 0 && s.bad == "" {
			s.bad = "names no rule"
		}
		idEnd := strings.Index(rest, fields[0]) + len(fields[0])
		s.reason = strings.TrimSpace(rest[idEnd:])
		if s.bad == "" && s.reason == "" {
			s.bad = "has no reason"
		}
		out = append(out, s)
	}
	return out
}

func (s suppression) covers(rule string) bool {
	for _, r := range s.rules {
		if r == rule {
			return true
		}
	}
	return false
}

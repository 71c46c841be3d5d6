package lint

import (
	"bytes"

	"github.com/golang-migrate/migrate/v4/source"

	"github.com/schemagate/schemagate/internal/finding"
)

// sg106: a new or modified migration file that holds nothing to run
// (only white space and comments). Often a forgotten file; golang-migrate
// would record the version as applied without changing anything.
func sg106(s *state) []finding.Finding {
	var out []finding.Finding
	for _, m := range s.migs {
		if _, mod := s.changed[m.name]; !s.added[m.name] && !mod {
			continue
		}
		body, err := s.contents(m.name)
		if err != nil || !blankSQL(body) {
			continue
		}
		if s.in.SQLDialect == "mysql" && m.m.Direction == source.Up && len(bytes.TrimSpace(body)) == 0 {
			// A comment-only file runs fine on MySQL; an empty query does not.
			out = append(out, s.find(m, "SG106", finding.Error,
				"%s is empty: golang-migrate sends MySQL an empty query, MySQL answers error 1065 (Query was empty), and the database is left dirty at version %d. Write the migration, or delete the file.",
				m.name, m.m.Version))
			continue
		}
		out = append(out, s.find(m, "SG106", finding.Warning,
			"%s is empty (nothing but white space and comments): golang-migrate will record version %d as applied without changing the schema. Write the migration, or delete the file.",
			m.name, m.m.Version))
	}
	return out
}

// blankSQL reports whether body has nothing but white space, -- comments
// and /* */ comments.
func blankSQL(body []byte) bool {
	for len(body) > 0 {
		body = bytes.TrimLeft(body, " \t\r\n\f\v")
		switch {
		case len(body) == 0:
			return true
		case bytes.HasPrefix(body, []byte("--")), bytes.HasPrefix(body, []byte("#")):
			if i := bytes.IndexByte(body, '\n'); i >= 0 {
				body = body[i+1:]
			} else {
				body = nil
			}
		case bytes.HasPrefix(body, []byte("/*")):
			i := bytes.Index(body[2:], []byte("*/"))
			if i < 0 {
				return true
			}
			body = body[i+4:]
		default:
			return false
		}
	}
	return true
}

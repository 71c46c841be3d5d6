// Package sqllint owns the SQL safety rules (SG2xx): it parses one up
// migration in the configured dialect and reports the statements that break
// the code still running (errors), lock or rewrite busy tables (warnings), or
// do not survive golang-migrate's execution model (warnings). PostgreSQL is
// read by a strict native subset of its grammar for the common statements
// (pgfast.go) and DO blocks and PL/pgSQL bodies (plfast.go), and otherwise
// by libpg_query (PostgreSQL's own grammar, compiled to WebAssembly and run
// in pure Go, which costs about a second to start); MySQL/MariaDB and SQLite
// by a token-level parser in this package. Suppressions (`-- schemagate:ignore
// SG201 <why>`) are applied here.
package sqllint

import (
	"bytes"
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

const (
	dialectPostgres = "postgres"
	dialectMySQL    = "mysql"
	dialectSQLite   = "sqlite"
)

// Lint parses one up-migration file in dialect ("postgres", "mysql",
// "sqlite"; anything else, including "none", returns nil) and returns its
// findings. A file that does not parse is one SG200 finding.
func Lint(dialect, file string, src []byte) []finding.Finding {
	return Settings{}.Lint(dialect, file, src)
}

// Lint is the package Lint under the settings s.
func (s Settings) Lint(dialect, file string, src []byte) []finding.Finding {
	p, ok := parseFile(dialect, src)
	if !ok {
		return nil
	}
	return s.lintParsed(dialect, file, p, nil)
}

func parseFile(dialect string, src []byte) (parsed, bool) {
	switch dialect {
	case dialectPostgres:
		return parsePostgres(src), true
	case dialectMySQL, dialectSQLite:
		return parseGeneric(dialect, string(src)), true
	}
	return parsed{}, false
}

// lintParsed runs the enabled rules over one parsed file; cs, when not nil,
// is the change set's schema knowledge (tables created by earlier files).
func (s Settings) lintParsed(dialect, file string, p parsed, cs *changeSet) []finding.Finding {
	sups := parseSuppressions(p.comments, p.lines)
	enabled := func(r *rule) bool { return s.enabled(r, dialect) }

	hits := s.hits(dialect, p, cs)
	// A suppression the file needs when judged alone (as in the pull
	// request that adds it) is not stale because a wider change set
	// exempts its statement (a table created by an earlier file of it).
	// Only the exemption is dropped: the base's model still judges.
	needed := hits
	if cs != nil && len(cs.created) > 0 {
		alone := &changeSet{created: map[string]bool{}, model: cs.model}
		needed = append(append([]hit(nil), hits...), s.hits(dialect, p, alone)...)
	}

	var out []finding.Finding
	for _, h := range hits {
		if suppressed(h, sups, p.stmts) {
			continue
		}
		out = append(out, finding.Finding{Rule: h.rule.id, Severity: s.severity(h.rule), File: file, Line: h.line, Message: h.msg})
	}
	for _, s := range sups {
		if s.bad != "" {
			out = append(out, finding.Finding{
				Rule: ruleSG290.id, Severity: ruleSG290.severity, File: file, Line: s.line,
				Message: fmt.Sprintf("this schemagate:ignore comment %s, so it silences nothing. Write `-- schemagate:ignore SG201 <why this is safe>` with a rule id and a reason.", s.bad),
			})
		}
	}
	out = append(out, staleSuppressions(dialect, enabled, file, sups, needed, p)...)
	finding.Sort(out)
	return out
}

// hits runs the enabled rules over one parsed file (cs as in lintParsed).
func (s Settings) hits(dialect string, p parsed, cs *changeSet) []hit {
	var hits []hit
	if p.err != "" {
		if s.enabled(ruleSG200, dialect) {
			hits = append(hits, hit{rule: ruleSG200, stmt: -1, line: p.errLine, msg: p.err})
		}
		return hits
	}
	f := newFileInfo(dialect, p.stmts, cs)
	f.settings, f.toks, f.lines = s, p.toks, p.lines
	for _, r := range allRules {
		if r.check == nil || !s.enabled(r, dialect) {
			continue
		}
		for _, h := range r.check(f) {
			h.rule = r
			hits = append(hits, h)
		}
	}
	return hits
}

// suppressed reports whether a valid suppression covers h. A suppression
// belongs to the statement it sits in or ends on, else the next statement;
// parse errors (stmt -1) are silenced by a suppression anywhere in the file.
func suppressed(h hit, sups []suppression, stmts []stmt) bool {
	for _, s := range sups {
		if s.bad != "" || !s.covers(h.rule.id) {
			continue
		}
		if h.stmt < 0 || targetStmt(s.line, stmts) == h.stmt {
			return true
		}
	}
	return false
}

// targetStmt is the statement that ends first at or after line: the one the
// line sits in, else the next. (Statements of a procedure body follow the
// CREATE PROCEDURE that holds them, so the list is not in line order.)
func targetStmt(line int, stmts []stmt) int {
	best := -1
	for i, st := range stmts {
		if st.endLine >= line && (best < 0 || st.endLine < stmts[best].endLine) {
			best = i
		}
	}
	return best
}

func hasNUL(src []byte) (int, bool) {
	i := bytes.IndexByte(src, 0)
	return i, i >= 0
}

package rehearse

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/schemagate/schemagate/internal/schema"
)

// describeData says what the tables a failing statement names held, as
// read after the failure: row counts, and for each column the statement
// names its NULLs and distinct values. It is what turns "column contains
// null values" into "on table orders with 1000 rows, 100 of them NULL in
// customer_id". Empty when nothing could be read.
func describeData(ctx context.Context, db *sql.DB, dialect, stmt string) string {
	if strings.TrimSpace(stmt) == "" {
		return ""
	}
	s, err := schema.Inspect(ctx, db, dialect, schema.Options{})
	if err != nil {
		return ""
	}
	low := strings.ToLower(stmt)
	g := &generator{db: db, dialect: dialect}
	var parts []string
	for _, name := range s.TableNames() {
		short := name
		if _, n, ok := strings.Cut(name, "."); ok {
			short = n
		}
		if !mentions(low, strings.ToLower(short)) {
			continue
		}
		t := s.Tables[name]
		var total int64
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+g.table(name)).Scan(&total); err != nil {
			continue
		}
		desc := fmt.Sprintf("on table %s with %d rows", name, total)
		listed := 0
		for _, c := range t.Columns {
			if listed == 5 || !mentions(low, strings.ToLower(c.Name)) {
				continue
			}
			listed++
			var nonNull, distinct int64
			q := fmt.Sprintf("SELECT COUNT(%s), COUNT(DISTINCT %s) FROM %s", g.ident(c.Name), g.ident(c.Name), g.table(name))
			if err := db.QueryRowContext(ctx, q).Scan(&nonNull, &distinct); err != nil {
				continue
			}
			desc += fmt.Sprintf(", %d of them NULL in %s (%d distinct values)", total-nonNull, c.Name, distinct)
		}
		parts = append(parts, desc)
		if len(parts) == 3 {
			break
		}
	}
	return strings.Join(parts, "; ")
}

var namedRe = regexp.MustCompile("\"([^\"]+)\"|'([^']+)'|`([^`]+)`|\\b([A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*)\\b")

// guessLine finds the statement of a file that an engine's error is
// about when the engine does not say where (PostgreSQL gives a position
// only for syntax errors; SQLite and MySQL never do): the one statement
// naming the most identifiers the error quotes. 0 when no statement, or
// more than one, fits best: then the report gives no line rather than a
// wrong one.
func guessLine(file, reason string) int {
	var names []string
	for _, m := range namedRe.FindAllStringSubmatch(reason, -1) {
		for _, g := range m[1:] {
			if g == "" {
				continue
			}
			names = append(names, strings.Split(strings.ToLower(g), ".")...)
		}
	}
	if len(names) == 0 {
		return 0
	}
	best, bestLine, tie := 0, 0, false
	line, start := 1, 1
	var stmt strings.Builder
	flush := func() {
		text := strings.ToLower(stmt.String())
		score := 0
		for _, n := range names {
			if mentions(text, n) {
				score++
			}
		}
		switch {
		case score > best:
			best, bestLine, tie = score, start, false
		case score == best && score > 0:
			tie = true
		}
		stmt.Reset()
	}
	for _, r := range file {
		if stmt.Len() == 0 && (r == ' ' || r == '\t' || r == '\n' || r == '\r') {
			if r == '\n' {
				line++
			}
			continue
		}
		if stmt.Len() == 0 {
			start = line
		}
		stmt.WriteRune(r)
		switch r {
		case '\n':
			line++
		case ';':
			flush()
		}
	}
	if strings.TrimSpace(stmt.String()) != "" {
		flush()
	}
	if tie {
		return 0
	}
	return bestLine
}

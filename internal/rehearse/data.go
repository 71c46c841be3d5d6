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
	score := func(text string) {
		text = strings.ToLower(text)
		n := 0
		for _, name := range names {
			if mentions(text, name) {
				n++
			}
		}
		switch {
		case n > best:
			best, tie = n, false
			bestLine = 0
		case n == best && n > 0:
			tie = true
		}
	}
	line := 1
	for i := 0; i < len(file); {
		// Skip white space and comments to the statement's first line.
		switch c := file[i]; {
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == ';':
			i++
			continue
		case strings.HasPrefix(file[i:], "--"):
			for i < len(file) && file[i] != '\n' {
				i++
			}
			continue
		case strings.HasPrefix(file[i:], "/*"):
			end := strings.Index(file[i+2:], "*/")
			if end < 0 {
				return bestLineOrZero(bestLine, tie)
			}
			line += strings.Count(file[i:i+2+end+2], "\n")
			i += end + 4
			continue
		}
		start := line
		end := strings.IndexByte(file[i:], ';')
		if end < 0 {
			end = len(file) - i
		}
		stmt := file[i : i+end]
		before := best
		score(stmt)
		if best > before && !tie {
			bestLine = start
		}
		line += strings.Count(stmt, "\n")
		i += end
	}
	return bestLineOrZero(bestLine, tie)
}

func bestLineOrZero(line int, tie bool) int {
	if tie {
		return 0
	}
	return line
}

// cleanReason drops golang-migrate's "migration failed: " and the
// driver's repeat of the same message ("X: pq: X").
func cleanReason(s string) string {
	s = strings.TrimPrefix(s, "migration failed: ")
	for _, sep := range []string{": pq: ", ": ERROR: ", ": "} {
		if i := strings.LastIndex(s, sep); i > 0 {
			if tail := s[i+len(sep):]; tail != "" && strings.Contains(s[:i], tail) {
				return s[:i]
			}
		}
	}
	return s
}

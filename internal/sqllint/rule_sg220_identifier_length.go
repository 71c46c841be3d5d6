package sqllint

import (
	"fmt"
	"unicode/utf8"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG220: PostgreSQL truncates identifiers to 63 bytes with only a
// NOTICE, so the object gets another name than the one the code and later
// migrations use (and two long names can collide). MySQL refuses names
// longer than 64 characters: the migration fails.
var ruleSG220 = &rule{
	id:       "SG220",
	severity: finding.Warning,
	summary:  "identifier longer than the server allows (63 bytes PostgreSQL, 64 characters MySQL)",
	dialects: postgresAndMySQL,
	squawk:   "identifier-too-long",
	check: func(f *fileInfo) []hit {
		var hits []hit
		seen := map[string]bool{}
		for _, t := range f.toks {
			if t.kind != tkWord && t.kind != tkIdent || seen[t.val] {
				continue
			}
			var msg string
			switch {
			case f.dialect == dialectPostgres && len(t.val) > 63:
				msg = fmt.Sprintf("identifier %s is %d bytes; PostgreSQL silently truncates it to 63 (%s), so the object is not called what the code and later migrations call it, and another long name with the same start collides with it. Shorten it to at most 63 bytes.", t.val, len(t.val), t.val[:63])
			case f.dialect == dialectMySQL && utf8.RuneCountInString(t.val) > 64:
				msg = fmt.Sprintf("identifier %s is %d characters; MySQL allows 64 and rejects the statement, so the migration fails and is left dirty. Shorten it to at most 64 characters.", t.val, utf8.RuneCountInString(t.val))
			default:
				continue
			}
			seen[t.val] = true
			line := f.lines.at(t.off)
			hits = append(hits, hit{stmt: targetStmt(line, f.stmts), line: line, msg: msg})
		}
		return hits
	},
}

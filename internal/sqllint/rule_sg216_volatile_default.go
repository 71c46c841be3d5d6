package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG216 = &rule{
	id:       "SG216",
	severity: finding.Warning,
	summary:  "PostgreSQL column added with a volatile default",
	squawk:   "adding-field-with-default",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		// One finding per statement: the table is rewritten once, however
		// many such columns the statement adds.
		var hits []hit
		for i := range f.stmts {
			st := &f.stmts[i]
			var cols []string
			table := ""
			for _, o := range st.ops {
				if o.kind != opAddColumn || f.isNew(o.table, i) {
					continue
				}
				switch {
				case o.volatile != "":
					cols = append(cols, fmt.Sprintf("%s with %s", qual(o.table, o.column), o.volatile))
					table = o.table
				case o.hasDefault && f.settings.pgRewritesForDefault():
					// Before PostgreSQL 11 any default is written into every row.
					cols = append(cols, fmt.Sprintf("%s with a DEFAULT (PostgreSQL %d writes it into every row; 11+ does not for a constant)", qual(o.table, o.column), f.settings.PostgresVersion))
					table = o.table
				}
			}
			if len(cols) == 0 {
				continue
			}
			noun := "column"
			if len(cols) > 1 {
				noun = "columns"
			}
			hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("adding %s %s computes a value per row, rewriting the whole table %s under an ACCESS EXCLUSIVE lock. Add the column without it (or with a constant default, which is instant), then SET DEFAULT and backfill existing rows in batches.", noun, strings.Join(cols, ", "), table)})
		}
		return hits
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG210: ADD VALUE without BEFORE/AFTER appends the value at the end
// of the type's sort order, which ORDER BY and < on the column follow.
var ruleSG210 = &rule{
	id:       "SG210",
	severity: finding.Warning,
	summary:  "PostgreSQL enum ADD VALUE without BEFORE or AFTER",
	dialects: onlyPostgres,
	squawk:   "require-enum-value-ordering",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			for _, o := range st.ops {
				if o.kind == opAddEnumValue && !o.positioned {
					hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("ADD VALUE '%s' to enum %s without BEFORE or AFTER puts it last in the type's order, which ORDER BY and comparisons (<, >) on the column follow. Say where it belongs (ADD VALUE '%s' AFTER '...'); if last is right, suppress this with that reason.", o.to, o.name, o.to)})
				}
			}
		}
		return hits
	},
}

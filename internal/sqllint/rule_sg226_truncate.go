package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG226: TRUNCATE deletes every row that the running code reads,
// under an ACCESS EXCLUSIVE lock (PostgreSQL) or as DDL that commits at
// once (MySQL); CASCADE also empties every table whose foreign keys point
// at it. One finding per statement.
var ruleSG226 = &rule{
	id:       "SG226",
	severity: finding.Error,
	summary:  "TRUNCATE of an existing table",
	dialects: postgresAndMySQL,
	squawk:   "ban-truncate-cascade",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			var tables []string
			cascade := false
			for _, o := range st.ops {
				if o.kind == opTruncate && !f.isNew(o.table, i) {
					tables = append(tables, o.table)
					cascade = cascade || o.what == "CASCADE"
				}
			}
			if len(tables) == 0 {
				continue
			}
			extra := ""
			if cascade {
				extra = " CASCADE also empties every table with a foreign key to them, and theirs in turn."
			}
			hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("TRUNCATE %s deletes every row the code still running reads, and cannot be undone.%s Delete in batches with a WHERE clause from a job instead, or, if the data is truly disposable, suppress this with the reason.", strings.Join(tables, ", "), extra)})
		}
		return hits
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG223 = &rule{
	id:       "SG223",
	severity: finding.Warning,
	summary:  "UPDATE or DELETE without WHERE in a schema migration",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			if st.unbounded == "" || f.isNew(st.dmlTable, i) {
				continue
			}
			hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("%s without WHERE touches every row of %s in one statement, holding row locks and growing the WAL/binlog for its whole run. Backfill in batches (WHERE id BETWEEN ... or LIMIT) from a job or a series of migrations.", st.unbounded, st.dmlTable)})
		}
		return hits
	},
}

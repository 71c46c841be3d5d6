package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG212 = &rule{
	id:       "SG212",
	severity: finding.Warning,
	summary:  "PostgreSQL DROP INDEX without CONCURRENTLY",
	squawk:   "require-concurrent-index-deletion",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			for _, o := range st.ops {
				if o.kind != opDropIndex || o.concurrently {
					continue
				}
				if at, ok := f.createdIndexes[o.name]; ok && at <= i {
					continue
				}
				hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("DROP INDEX %s takes an ACCESS EXCLUSIVE lock on its table, blocking reads and writes until running queries finish. Use DROP INDEX CONCURRENTLY, alone in its own migration file.", o.name)})
			}
		}
		return hits
	},
}

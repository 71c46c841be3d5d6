package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG222: MySQL commits every DDL statement on its own, so a file with
// several is not atomic: when a later one fails, the earlier ones stay and
// golang-migrate marks the version dirty.
var ruleSG222 = &rule{
	id:       "SG222",
	severity: finding.Warning,
	summary:  "several DDL statements in one MySQL migration file",
	dialects: onlyMySQL,
	check: func(f *fileInfo) []hit {
		var ddl []int
		for i, st := range f.stmts {
			if st.kind == kindDDL {
				ddl = append(ddl, i)
			}
		}
		if len(ddl) < 2 {
			return nil
		}
		st := f.stmts[ddl[1]]
		return []hit{{stmt: ddl[1], line: st.line, msg: fmt.Sprintf("this file has %d DDL statements; MySQL commits each one on its own, so if a later one fails the earlier ones stay applied and the migration is left dirty. Put one DDL statement in each migration file, or merge changes to one table into a single ALTER TABLE.", len(ddl))}}
	},
}

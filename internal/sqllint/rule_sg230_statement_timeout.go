package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG230 (off by default): a statement that scans or rewrites a busy
// table holds its lock for as long as it runs; statement_timeout bounds
// that. Turn it on in the config file (`rules: {SG230: warning}`).
var ruleSG230 = &rule{
	id:       "SG230",
	severity: finding.Warning,
	summary:  "DDL on an existing table without statement_timeout set first (off by default)",
	dialects: onlyPostgres,
	off:      true,
	squawk:   "require-statement-timeout",
	check: func(f *fileInfo) []hit {
		for i, st := range f.stmts {
			if st.setsStmtTimeout {
				return nil
			}
			if st.kind != kindDDL {
				continue
			}
			for _, o := range st.ops {
				if o.kind == opReference || !locksExistingTable(f, i, o) {
					continue
				}
				return []hit{{stmt: i, line: st.line, msg: fmt.Sprintf("%s on existing table %s runs without a statement timeout: if it scans or rewrites the table, it holds its lock for as long as that takes. Start the file with SET statement_timeout = '30s' (a bound you accept) so it fails instead.", st.verb, o.table)}}
			}
		}
		return nil
	},
}

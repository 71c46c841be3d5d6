package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG221: golang-migrate's PostgreSQL driver sends a whole file as one
// Exec; PostgreSQL runs a multi-statement query string as one implicit
// transaction, and these commands refuse to run inside one.
var ruleSG221 = &rule{
	id:       "SG221",
	severity: finding.Warning,
	summary:  "PostgreSQL CREATE INDEX CONCURRENTLY (or another no-transaction command) in a file with other statements",
	squawk:   "ban-concurrent-index-creation-in-transaction",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		if len(f.stmts) < 2 {
			return nil
		}
		var hits []hit
		for i, st := range f.stmts {
			what := st.noTxWhat
			if v := f.settings.PostgresVersion; !st.noTx && v > 0 && v < 12 && hasOp(st, opAddEnumValue) {
				what = fmt.Sprintf("ALTER TYPE ... ADD VALUE (on PostgreSQL %d)", v)
			} else if !st.noTx {
				continue
			}
			hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("%s cannot run inside a transaction block, and golang-migrate sends this file's %d statements as one implicit transaction, so the migration fails and leaves the database dirty. Put it alone in its own migration file (or set x-multi-statement=true in the database URL).", what, len(f.stmts))})
		}
		return hits
	},
}

func hasOp(st stmt, kind opKind) bool {
	for _, o := range st.ops {
		if o.kind == kind {
			return true
		}
	}
	return false
}

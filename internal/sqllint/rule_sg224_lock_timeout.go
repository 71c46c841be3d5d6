package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG224: DDL waits for its table lock behind long-running queries, and
// every later query on the table queues behind the DDL. A lock timeout makes
// the migration fail fast instead of stalling production.
var ruleSG224 = &rule{
	id:       "SG224",
	severity: finding.Warning,
	summary:  "DDL on an existing table without lock_timeout / lock_wait_timeout set first",
	squawk:   "require-lock-timeout",
	dialects: postgresAndMySQL,
	check: func(f *fileInfo) []hit {
		setting := map[string]string{
			dialectPostgres: "SET lock_timeout = '5s'",
			dialectMySQL:    "SET SESSION lock_wait_timeout = 5",
		}[f.dialect]
		if setting == "" {
			return nil
		}
		for i, st := range f.stmts {
			if st.setsLockTimeout {
				return nil
			}
			// A no-transaction command must be alone in its file, so a SET
			// before it is impossible; SG221 covers that file shape.
			if st.kind != kindDDL || st.noTx {
				continue
			}
			for _, o := range st.ops {
				if !locksExistingTable(f, i, o) {
					continue
				}
				what := fmt.Sprintf("%s on existing table %s runs", st.verb, o.table)
				if o.kind == opReference {
					// The new table's foreign key locks its parent against writes.
					what = fmt.Sprintf("CREATE TABLE with a foreign key to existing table %s locks %s against writes, and runs", o.table, o.table)
				}
				return []hit{{stmt: i, line: st.line, msg: fmt.Sprintf("%s without a lock timeout: while it waits for its lock, every query on the table queues behind it. Start the file with %s so the migration fails fast instead (and retry it).", what, setting)}}
			}
		}
		return nil
	},
}

func locksExistingTable(f *fileInfo, i int, o op) bool {
	switch {
	case o.kind == opCreateTable, o.kind == opRenameEnumValue, o.concurrently:
		return false
	case o.kind == opDropIndex && o.table == "":
		_, created := f.createdIndexes[o.name]
		return !created
	}
	return o.table != "" && !f.isNew(o.table, i)
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG229: golang-migrate owns the transaction of a migration (or, on
// MySQL, there is none to own: DDL commits implicitly), so transaction
// control in the file does not do what it says.
var ruleSG229 = &rule{
	id:       "SG229",
	severity: finding.Warning,
	summary:  "BEGIN / COMMIT / ROLLBACK inside a migration file",
	squawk:   "transaction-nesting",
	check: func(f *fileInfo) []hit {
		for i, st := range f.stmts {
			if st.txControl == "" {
				continue
			}
			why := map[string]string{
				dialectPostgres: "golang-migrate sends the file as one implicit transaction: BEGIN inside it only warns, and COMMIT ends it early, so when a later statement fails the ones before COMMIT stay applied and the migration is left dirty",
				dialectMySQL:    "MySQL commits every DDL statement implicitly, so BEGIN ... COMMIT does not make the file atomic and ROLLBACK does not undo the DDL before it",
				dialectSQLite:   "golang-migrate's SQLite driver already runs each migration in a transaction (unless x-no-tx-wrap=true), so BEGIN fails with \"cannot start a transaction within a transaction\"",
			}[f.dialect]
			return []hit{{stmt: i, line: st.line, msg: fmt.Sprintf("%s in a migration file: %s. Remove the transaction control and let golang-migrate run the file.", st.txControl, why)}}
		}
		return nil
	},
}

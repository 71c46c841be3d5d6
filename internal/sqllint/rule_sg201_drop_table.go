package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG201 = &rule{
	id:       "SG201",
	severity: finding.Error,
	summary:  "DROP TABLE breaks the code still using the table",
	squawk:   "ban-drop-table",
	check: func(f *fileInfo) []hit {
		return f.existing(opDropTable, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("DROP TABLE %s breaks the code still reading or writing it. Contract in two steps: deploy code that no longer uses %s, then drop it in a later migration marked `-- schemagate:ignore SG201 <why>`.", o.table, o.table)
		})
	},
}

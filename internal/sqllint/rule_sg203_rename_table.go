package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG203 = &rule{
	id:       "SG203",
	severity: finding.Error,
	summary:  "renaming a table breaks the code still using the old name",
	squawk:   "renaming-table",
	check: func(f *fileInfo) []hit {
		return f.existing(opRenameTable, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("renaming table %s to %s breaks the code still using the old name. Expand/contract instead: create %s, write to both, move the readers, then drop %s in a later migration.", o.table, o.to, o.to, o.table)
		})
	},
}

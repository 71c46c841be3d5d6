package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG204 = &rule{
	id:       "SG204",
	severity: finding.Error,
	summary:  "renaming a column breaks the code still using the old name",
	squawk:   "renaming-column",
	check: func(f *fileInfo) []hit {
		return f.existing(opRenameColumn, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("renaming column %s to %s breaks the code still using the old name. Expand/contract instead: add %s, backfill it and write to both, switch the code, then drop %s in a later migration.", qual(o.table, o.column), o.to, o.to, o.column)
		})
	},
}

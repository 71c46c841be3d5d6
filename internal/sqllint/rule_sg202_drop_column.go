package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG202 = &rule{
	id:       "SG202",
	severity: finding.Error,
	summary:  "DROP COLUMN breaks the code still selecting or inserting the column",
	squawk:   "ban-drop-column",
	check: func(f *fileInfo) []hit {
		return f.existing(opDropColumn, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("dropping column %s breaks the code still selecting or inserting it. Contract in two steps: deploy code that no longer uses the column, then drop it in a later migration marked `-- schemagate:ignore SG202 <why>`.", qual(o.table, o.column))
		})
	},
}

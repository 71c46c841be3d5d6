package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG209: code that reads a NOT NULL column may rely on a value being
// there; once NULLs are allowed, new rows can break it.
var ruleSG209 = &rule{
	id:       "SG209",
	severity: finding.Error,
	summary:  "DROP NOT NULL on an existing column",
	dialects: onlyPostgres,
	squawk:   "ban-drop-not-null",
	check: func(f *fileInfo) []hit {
		return f.existing(opDropNotNull, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("DROP NOT NULL on %s lets NULL in, and the code still running reads the column as always set. Deploy readers that handle NULL first, then drop the constraint in a later migration marked `-- schemagate:ignore SG209 <why>`.", qual(o.table, o.column))
		})
	},
}

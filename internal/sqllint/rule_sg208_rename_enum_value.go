package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG208 = &rule{
	id:       "SG208",
	severity: finding.Error,
	summary:  "renaming an enum value",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opRenameEnumValue, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("renaming value %q of enum %s to %q breaks the code still writing or comparing %q. Expand/contract instead: ADD VALUE %q, move rows and code to it, then stop using %q.", o.column, o.name, o.to, o.column, o.to, o.column)
		})
	},
}

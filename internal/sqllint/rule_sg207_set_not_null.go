package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG207 = &rule{
	id:       "SG207",
	severity: finding.Error,
	summary:  "SET NOT NULL on an existing column",
	squawk:   "adding-not-nullable-field",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opSetNotNull, func(_ int, _ *stmt, o *op) string {
			return fmt.Sprintf("SET NOT NULL on %s scans the whole table under an ACCESS EXCLUSIVE lock and breaks code that still writes NULL. Add CHECK (%s IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan) once no code writes NULL.", qual(o.table, o.column), o.column)
		})
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG216 = &rule{
	id:       "SG216",
	severity: finding.Warning,
	summary:  "PostgreSQL column added with a volatile default",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opAddColumn, func(_ int, _ *stmt, o *op) string {
			if o.volatile == "" {
				return ""
			}
			return fmt.Sprintf("adding column %s with %s computes a value per row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Add the column without it (or with a constant default, which is instant), then SET DEFAULT and backfill existing rows in batches.", qual(o.table, o.column), o.volatile)
		})
	},
}

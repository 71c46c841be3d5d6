package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG213 = &rule{
	id:       "SG213",
	severity: finding.Warning,
	summary:  "PostgreSQL foreign key added without NOT VALID",
	squawk:   "adding-foreign-key-constraint",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opAddForeignKey, func(_ int, _ *stmt, o *op) string {
			if o.notValid {
				return ""
			}
			return fmt.Sprintf("adding %s on %s checks every row while blocking writes to both tables. Add it NOT VALID, then run ALTER TABLE %s VALIDATE CONSTRAINT in a later migration (it takes a weaker lock).", named("foreign key", o.name), o.table, o.table)
		})
	},
}

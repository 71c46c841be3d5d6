package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG214 = &rule{
	id:       "SG214",
	severity: finding.Warning,
	summary:  "PostgreSQL check constraint added without NOT VALID",
	squawk:   "constraint-missing-not-valid",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opAddCheck, func(_ int, _ *stmt, o *op) string {
			if o.notValid {
				return ""
			}
			return fmt.Sprintf("adding %s on %s scans every row under an ACCESS EXCLUSIVE lock. Add it NOT VALID, then run ALTER TABLE %s VALIDATE CONSTRAINT in a later migration.", named("check constraint", o.name), o.table, o.table)
		})
	},
}

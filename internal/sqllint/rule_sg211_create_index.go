package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG211 = &rule{
	id:       "SG211",
	severity: finding.Warning,
	summary:  "PostgreSQL CREATE INDEX without CONCURRENTLY",
	squawk:   "require-concurrent-index-creation",
	dialects: onlyPostgres, // MySQL/MariaDB build secondary indexes online by default
	check: func(f *fileInfo) []hit {
		return f.existing(opCreateIndex, func(_ int, _ *stmt, o *op) string {
			if o.concurrently {
				return ""
			}
			return fmt.Sprintf("CREATE %s blocks writes to %s while it builds. Use CREATE INDEX CONCURRENTLY, alone in its own migration file (golang-migrate runs a multi-statement file as one transaction).", named("INDEX", o.name), o.table)
		})
	},
}

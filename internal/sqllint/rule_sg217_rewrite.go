package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG217 = &rule{
	id:       "SG217",
	severity: finding.Warning,
	summary:  "PostgreSQL VACUUM FULL or CLUSTER",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		return f.existing(opRewrite, func(_ int, _ *stmt, o *op) string {
			target := o.table
			if target == "" {
				target = "every table"
			}
			return fmt.Sprintf("%s rewrites %s under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole run. Use pg_repack or pg_squeeze outside the migration, or run it by hand in a maintenance window.", o.what, target)
		})
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG215 = &rule{
	id:       "SG215",
	severity: finding.Warning,
	summary:  "PostgreSQL unique or primary key constraint not built USING INDEX",
	squawk:   "disallowed-unique-constraint",
	dialects: onlyPostgres,
	check: func(f *fileInfo) []hit {
		check := func(kind string) func(int, *stmt, *op) string {
			return func(_ int, _ *stmt, o *op) string {
				if o.usingIndex {
					return ""
				}
				return fmt.Sprintf("adding %s on %s builds its index under an ACCESS EXCLUSIVE lock. Build a unique index with CREATE UNIQUE INDEX CONCURRENTLY in its own migration, then ALTER TABLE %s ADD CONSTRAINT ... %s USING INDEX.", named(kind, o.name), o.table, o.table, kind)
			}
		}
		return append(f.existing(opAddUnique, check("UNIQUE")), f.existing(opAddPrimaryKey, check("PRIMARY KEY"))...)
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG205 = &rule{
	id:       "SG205",
	severity: finding.Error,
	summary:  "adding a NOT NULL column without a default",
	squawk:   "adding-required-field",
	check: func(f *fileInfo) []hit {
		return f.existing(opAddColumn, func(_ int, _ *stmt, o *op) string {
			if !o.notNull || o.hasDefault {
				return ""
			}
			if f.dialect == dialectMySQL {
				// MySQL fills existing rows with the type's implicit default;
				// it is the running code's INSERTs that fail in strict mode.
				return fmt.Sprintf("adding NOT NULL column %s without a DEFAULT succeeds (existing rows get the type's implicit default), but every INSERT from the code still running, which does not name the column, then fails with \"Field doesn't have a default value\". Add it with a DEFAULT, or nullable, and set NOT NULL once no old code is running.", qual(o.table, o.column))
			}
			return fmt.Sprintf("adding NOT NULL column %s without a DEFAULT fails on a table that has rows, and inserts from the code still running (which does not know the column) fail. Add it with a DEFAULT, or nullable, backfill, then set NOT NULL in a later migration.", qual(o.table, o.column))
		})
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG206 = &rule{
	id:       "SG206",
	severity: finding.Error,
	summary:  "changing a column's type",
	check: func(f *fileInfo) []hit {
		return f.existing(opAlterColumnType, func(_ int, st *stmt, o *op) string {
			if o.redefine && st.algorithm == "instant" {
				return "" // MySQL refuses ALGORITHM=INSTANT unless the change is metadata-only
			}
			if o.redefine {
				return fmt.Sprintf("MODIFY/CHANGE restates column %s (type, nullability, default): unless only metadata changes, MySQL copies the table while blocking writes, and values the running code writes may no longer fit. Expand/contract instead: add a column with the new definition, backfill in batches, switch the code, drop the old one. For a metadata-only change (appending an ENUM value) add ALGORITHM=INSTANT, which the server refuses otherwise; suppress a safe widening with a reason.", qual(o.table, o.column))
			}
			return fmt.Sprintf("changing the type of %s rewrites the table under an ACCESS EXCLUSIVE lock and can break the code still running. Expand/contract instead: add a column with the new type, backfill in batches, switch the code, drop the old column (a metadata-only change such as widening varchar can be suppressed with a reason).", qual(o.table, o.column))
		})
	},
}

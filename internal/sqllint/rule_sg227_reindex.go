package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG227: plain REINDEX blocks writes to the table and every read that
// would use the index while it rebuilds.
var ruleSG227 = &rule{
	id:       "SG227",
	severity: finding.Warning,
	summary:  "PostgreSQL REINDEX without CONCURRENTLY",
	dialects: onlyPostgres,
	squawk:   "require-concurrent-reindex",
	check: func(f *fileInfo) []hit {
		return f.existing(opReindex, func(_ int, _ *stmt, o *op) string {
			if o.concurrently {
				return ""
			}
			if v := f.settings.PostgresVersion; v > 0 && v < 12 {
				return fmt.Sprintf("REINDEX %s blocks writes (and reads that use the index) until it finishes, and PostgreSQL %d has no REINDEX CONCURRENTLY. Build a replacement with CREATE INDEX CONCURRENTLY and drop the old index, each alone in its own migration file.", o.what, v)
			}
			return fmt.Sprintf("REINDEX %s blocks writes (and reads that use the index) until it finishes. Use REINDEX ... CONCURRENTLY, alone in its own migration file (it cannot run in golang-migrate's transaction).", o.what)
		})
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG228: DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the
// partitioned table: every query on any partition waits.
var ruleSG228 = &rule{
	id:       "SG228",
	severity: finding.Warning,
	summary:  "PostgreSQL DETACH PARTITION without CONCURRENTLY",
	dialects: onlyPostgres,
	squawk:   "require-concurrent-partition-detach",
	check: func(f *fileInfo) []hit {
		return f.existing(opDetachPartition, func(_ int, _ *stmt, o *op) string {
			if o.concurrently {
				return ""
			}
			if v := f.settings.PostgresVersion; v > 0 && v < 14 {
				return fmt.Sprintf("DETACH PARTITION %s takes an ACCESS EXCLUSIVE lock on %s, blocking every query on all its partitions, and PostgreSQL %d has no DETACH ... CONCURRENTLY. Run it with a short lock_timeout, retried, at a quiet time.", o.name, o.table, v)
			}
			return fmt.Sprintf("DETACH PARTITION %s takes an ACCESS EXCLUSIVE lock on %s, blocking every query on all its partitions. Use DETACH PARTITION %s CONCURRENTLY (PostgreSQL 14+), alone in its own migration file (it cannot run in golang-migrate's transaction).", o.name, o.table, o.name)
		})
	},
}

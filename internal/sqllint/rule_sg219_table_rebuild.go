package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG219: ALTER TABLE clauses that copy every row of the table.
// PostgreSQL does it under an ACCESS EXCLUSIVE lock (no reads, no writes).
// MySQL/MariaDB: CONVERT TO CHARACTER SET and a change of engine copy the
// table and block writes; ENGINE=<same> and FORCE rebuild it in place with
// writes allowed on MySQL 5.6.17+ / MariaDB 10.0+, but block writes on older
// servers and, everywhere, rewrite every row and lag replicas for the whole
// run. A MySQL statement that says LOCK=NONE is exempt (the server refuses
// instead of blocking writes), and one that SG218 already reports
// (ALGORITHM=COPY, LOCK=SHARED|EXCLUSIVE) is not reported twice.
var ruleSG219 = &rule{
	id:       "SG219",
	severity: finding.Warning,
	summary:  "ALTER TABLE that rewrites the whole table",
	dialects: postgresAndMySQL,
	check: func(f *fileInfo) []hit {
		hits := mysqlAddColumnRebuilds(f)
		return append(hits, f.existing(opRebuild, func(_ int, st *stmt, o *op) string {
			if f.is(dialectMySQL) {
				if st.lock == "none" || st.algorithm == "copy" || st.lock == "shared" || st.lock == "exclusive" {
					return ""
				}
				return mysqlRebuildMessage(o)
			}
			return pgRebuildMessage(o)
		})...)
	},
}

// mysqlAddColumnRebuilds: before MySQL 8.0.12 (MariaDB 10.3.2) ADD COLUMN
// cannot be INSTANT, so it rebuilds the table. Judged only when the config
// file says which server runs (mysql-version).
func mysqlAddColumnRebuilds(f *fileInfo) []hit {
	if !f.is(dialectMySQL) || f.settings.mysqlInstantAddColumn() {
		return nil
	}
	var hits []hit
	for i, st := range f.stmts {
		if st.lock == "none" || st.algorithm == "copy" || st.lock == "shared" || st.lock == "exclusive" {
			continue
		}
		for _, o := range st.ops {
			if o.kind == opAddColumn && !f.isNew(o.table, i) {
				hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s rebuilds the whole table on MySQL %s (INSTANT ADD COLUMN needs MySQL 8.0.12+ / MariaDB 10.3.2+): every row is rewritten and replicas lag for as long. Use an online schema change tool (gh-ost, pt-online-schema-change) for a big table, or add ALGORITHM=INPLACE, LOCK=NONE so writes are never blocked.", o.table, o.column, f.settings.MySQLVersion)})
				break
			}
		}
	}
	return hits
}

func mysqlRebuildMessage(o *op) string {
	if strings.HasPrefix(o.what, "CONVERT TO") {
		return fmt.Sprintf("ALTER TABLE %s %s copies the whole table (the server cannot do it in place) and blocks writes to it for the whole run. Convert the text columns one by one instead (MODIFY ... CHARACTER SET ..., ALGORITHM=INPLACE, LOCK=NONE where the server allows it), or use an online schema change tool (gh-ost, pt-online-schema-change).", o.table, o.what)
	}
	how := "it rewrites every row (blocking writes before MySQL 5.6.17 / MariaDB 10.0, or wherever the server falls back to a table copy) and lags replicas by as long"
	if strings.HasPrefix(o.what, "ENGINE=") {
		how = "a change of engine copies it and blocks writes for the whole run; the same engine rebuilds it in place, but " + how
	}
	return fmt.Sprintf("ALTER TABLE %s %s rebuilds the whole table: %s. Use an online schema change tool (gh-ost, pt-online-schema-change) instead, or add ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than blocks writes.", o.table, o.what, how)
}

func pgRebuildMessage(o *op) string {
	if o.table == "" {
		return fmt.Sprintf("%s copies every object in that tablespace, each under an ACCESS EXCLUSIVE lock that blocks reads and writes while it is copied. Use pg_repack --tablespace table by table outside the migration instead, or run it by hand in a maintenance window.", o.what)
	}
	if strings.HasPrefix(o.what, "SET TABLESPACE") {
		return fmt.Sprintf("ALTER TABLE %s %s copies every block of the table to the new tablespace under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole copy. Use pg_repack --tablespace outside the migration instead, or create a new table in that tablespace and backfill it in batches.", o.table, o.what)
	}
	return fmt.Sprintf("ALTER TABLE %s %s rewrites the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole run. Create a new table with the setting you want and backfill it in batches instead, or run it by hand in a maintenance window.", o.table, o.what)
}

package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

var ruleSG218 = &rule{
	id:       "SG218",
	severity: finding.Warning,
	summary:  "MySQL ALGORITHM=COPY or LOCK=SHARED|EXCLUSIVE",
	dialects: onlyMySQL,
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			var bad []string
			if st.algorithm == "copy" {
				bad = append(bad, "ALGORITHM=COPY")
			}
			if st.lock == "shared" || st.lock == "exclusive" {
				bad = append(bad, "LOCK="+strings.ToUpper(st.lock))
			}
			if len(bad) == 0 || allNew(f, i, st) {
				continue
			}
			hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("%s with %s blocks writes to %s for the whole run. Use ALGORITHM=INPLACE or INSTANT with LOCK=NONE (the server refuses if it cannot), or an online schema change tool (gh-ost, pt-online-schema-change).", st.verb, strings.Join(bad, " and "), opTables(st))})
		}
		return hits
	},
}

// allNew reports whether every table the statement touches was created
// earlier in the same file.
func allNew(f *fileInfo, i int, st stmt) bool {
	for _, o := range st.ops {
		if !f.isNew(o.table, i) {
			return false
		}
	}
	return len(st.ops) > 0
}

func opTables(st stmt) string {
	for _, o := range st.ops {
		if o.table != "" {
			return o.table
		}
	}
	return "the table"
}

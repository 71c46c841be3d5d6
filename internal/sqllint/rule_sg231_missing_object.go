package sqllint

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG231: a statement that drops, renames or alters a table or column
// that the base's migration history never creates (and no earlier
// statement of the change set does) fails on the server, leaving the
// migration dirty, unless the object was made outside these migrations.
// Only judged with the change set's model (check), never file by file.
var ruleSG231 = &rule{
	id:       "SG231",
	severity: finding.Warning,
	summary:  "DROP / RENAME / ALTER of a table or column the migration history does not have",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			if what := f.missing[i]; len(what) > 0 {
				hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("%s changes %s, which no migration before it creates, so the server rejects it and the migration is left dirty. Fix the name (or add IF EXISTS); if it was made outside these migrations, suppress this with that reason.", st.verb, strings.Join(what, " and "))})
			}
		}
		return hits
	},
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG225: dropping a database or schema removes every table in it at
// once, data included.
var ruleSG225 = &rule{
	id:       "SG225",
	severity: finding.Error,
	summary:  "DROP DATABASE or DROP SCHEMA",
	dialects: postgresAndMySQL,
	squawk:   "ban-drop-database",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i, st := range f.stmts {
			for _, o := range st.ops {
				if o.kind == opDropSchema {
					hits = append(hits, hit{stmt: i, line: st.line, msg: fmt.Sprintf("%s %s deletes every table in it, with its data, and breaks all code that uses them; nothing in a migration can bring it back. Drop the tables one by one, each once no code uses it, or do this by hand with a backup.", o.what, o.name)})
				}
			}
		}
		return hits
	},
}

package sqllint

import "github.com/schemagate/schemagate/internal/finding"

// ruleSG200: a file that does not parse. Its findings come from the parser
// (Lint), not from a check; the other rules do not run on such a file.
var ruleSG200 = &rule{
	id:       "SG200",
	severity: finding.Error,
	summary:  "the migration does not parse in the configured sql-dialect",
	squawk:   "syntax-error",
}

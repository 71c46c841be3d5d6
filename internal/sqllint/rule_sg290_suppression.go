package sqllint

import "github.com/schemagate/schemagate/internal/finding"

// ruleSG290: a schemagate:ignore comment without a rule id or a reason. Its
// findings come from Lint; it cannot itself be suppressed.
var ruleSG290 = &rule{
	id:       "SG290",
	severity: finding.Warning,
	summary:  "a schemagate:ignore comment without a rule id or a reason",
}

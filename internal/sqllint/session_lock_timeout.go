package sqllint

import (
	"context"

	"github.com/schemagate/schemagate/internal/finding"
)

// LintSessionLockTimeout is LintContext for a repository whose migrate job
// sets the statement-lock-timeout input: schemagate then sets lock_timeout
// (PostgreSQL) or lock_wait_timeout (MySQL) on every migration's session
// itself, so SG224's demand for a SET in each file is met by the job. The
// check job learns it from the same input, given to check.
func LintSessionLockTimeout(ctx context.Context, dialect, file string, src []byte) ([]finding.Finding, error) {
	all, err := LintContext(ctx, dialect, file, src)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, f := range all {
		if f.Rule != ruleSG224.id {
			out = append(out, f)
		}
	}
	return out, nil
}

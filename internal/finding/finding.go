// Package finding owns the one type every linter reports: a rule id, a
// severity, and a place in a file. Lint rules (SG1xx) and SQL rules (SG2xx)
// produce findings; reporters turn them into annotations, the job summary and
// the findings output.
package finding

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity of a finding. Errors fail the check; warnings do not.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem in one file. Line is 1-based; 0 means the finding is
// about the file as a whole (its name, its presence).
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Message  string   `json:"message"`
}

// String renders the finding the way compilers do, for terminals and logs.
func (f Finding) String() string {
	line := f.Line
	if line == 0 {
		line = 1
	}
	return fmt.Sprintf("%s:%d: %s %s: %s", f.File, line, f.Severity, f.Rule, f.Message)
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// Count returns the number of errors and warnings.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders findings by file, line, then rule so reports are stable.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Rule, b.Rule))
	})
}

package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/finding"
)

// CommentMarker is the hidden line that identifies schemagate's sticky
// pull request comment, so a re-run updates it instead of adding another.
const CommentMarker = "<!-- schemagate:check -->"

// maxListed caps each file list in the summary and comment; GitHub limits a
// comment to 65,536 characters and a summary to 1 MiB.
const maxListed = 100

// CheckOutputs writes the check's step outputs.
func CheckOutputs(s *Sink, r *check.Result) error {
	findings := r.Findings
	if findings == nil {
		findings = []finding.Finding{}
	}
	outs := []struct {
		name  string
		value any
	}{
		{"change-kind", string(r.Class.Kind)},
		{"schema-files", nonNil(r.Class.Schema)},
		{"code-files", nonNil(r.Class.Code)},
		{"overridden", strconv.FormatBool(r.Overridden)},
		{"new-migrations", nonNil(r.NewMigrations)},
		{"findings", findings},
	}
	for _, o := range outs {
		v, ok := o.value.(string)
		if !ok {
			b, err := json.Marshal(o.value)
			if err != nil {
				return fmt.Errorf("encode output %s: %w", o.name, err)
			}
			v = string(b)
		}
		if err := s.SetOutput(o.name, v); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MixedMessage is the one-line verdict of a mixed change set. The label is
// user text: each sink escapes the message for where it goes.
func MixedMessage(r *check.Result) string {
	return fmt.Sprintf("mixed change set: %s and %s.%s %s",
		plural(len(r.Class.Schema), "schema file"), plural(len(r.Class.Code), "code file"), MixedUnits(r), splitAdvice(r))
}

// splitAdvice is what to do about a mixed change set.
func splitAdvice(r *check.Result) string {
	msg := "Split it: merge and apply the migration first, then the code in a second pull request"
	if r.Label != "" {
		msg += fmt.Sprintf(" (or add label %s to deploy both at once, accepting that a rollback will not undo the schema)", r.Label)
	}
	return msg + "."
}

// counts is the "· 5 errors · 1 warning" tail of a headline.
func counts(r *check.Result) string {
	errs, warns := finding.Count(r.Findings)
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, " · ")
}

// verdict is the headline's words without the mark; label is how the sink
// shows the (user-controlled) label.
func verdict(r *check.Result, label func(string) string) string {
	errs, _ := finding.Count(r.Findings)
	kind := string(r.Class.Kind) + " change set"
	switch {
	case r.Class.Kind == classify.KindMixed && r.Overridden && errs > 0:
		// The label allows the mix, not the errors: the headline must not
		// read as a pass.
		v := fmt.Sprintf("%s allowed by label %s · %s the check", kind, label(r.Label), failPhrase(errs, "error"))
		if _, warns := finding.Count(r.Findings); warns > 0 {
			v += " · " + plural(warns, "warning")
		}
		return v
	case r.Class.Kind == classify.KindMixed && r.Overridden:
		return fmt.Sprintf("%s allowed by label %s · %s", kind, label(r.Label), counts(r))
	}
	return kind + " · " + counts(r)
}

// mark is the verdict's symbol: it follows the check's own decision.
func mark(r *check.Result) string {
	_, warns := finding.Count(r.Findings)
	switch {
	case r.Failed:
		return "❌"
	case r.Overridden || warns > 0:
		return "⚠️"
	}
	return "✅"
}

// Verdict is the check's headline as plain text, e.g.
// "❌ mixed change set · 5 errors · 1 warning".
func Verdict(r *check.Result) string {
	return mark(r) + " " + verdict(r, func(s string) string { return s })
}

// todo lists what to do, most urgent first, as plain sentences.
func todo(r *check.Result) []string {
	errs, warns := finding.Count(r.Findings)
	var out []string
	switch {
	case r.Class.Kind == classify.KindMixed && !r.Overridden:
		out = append(out, strings.TrimSpace(MixedUnits(r)+" "+splitAdvice(r)),
			"Safe order: expand (an additive migration, deployed and applied on its own) → code that uses it → contract (remove what the old code needed).")
	case r.Class.Kind == classify.KindMixed:
		out = append(out, "The label lets this mixed change set deploy as one. Apply the migration before the code rolls out, and know that rolling the code back will not roll the schema back.")
	}
	if errs > 0 {
		out = append(out, fmt.Sprintf("Fix the %s below (each message says how); the check fails until they are gone.", plural(errs, "error")))
	}
	if warns > 0 {
		if warns == 1 {
			out = append(out, "Review the warning: it does not fail the check.")
		} else {
			out = append(out, fmt.Sprintf("Review the %d warnings: they do not fail the check.", warns))
		}
	}
	if len(out) == 0 {
		switch r.Class.Kind {
		case classify.KindSchema:
			out = append(out, "Nothing to fix. Schema only: after merge, the gated migrate job applies it; ship the code that uses it in a later pull request.")
		case classify.KindCode:
			out = append(out, "Nothing to fix. Code only: deploy as usual; the verify step fails if the database lacks a migration this code needs.")
		default:
			out = append(out, "Nothing to fix: no changed file is schema or code.")
		}
	}
	return out
}

// fileGroup is one file's findings, errors first.
type fileGroup struct {
	file     string
	findings []finding.Finding
	errors   int
}

// groupByFile groups findings by file: files with errors first, then by
// name; within a file errors before warnings, then by line.
func groupByFile(fs []finding.Finding) []fileGroup {
	idx := map[string]int{}
	var groups []fileGroup
	for _, f := range fs {
		i, ok := idx[f.File]
		if !ok {
			i = len(groups)
			idx[f.File] = i
			groups = append(groups, fileGroup{file: f.File})
		}
		groups[i].findings = append(groups[i].findings, f)
		if f.Severity == finding.Error {
			groups[i].errors++
		}
	}
	for _, g := range groups {
		slices.SortStableFunc(g.findings, func(a, b finding.Finding) int {
			return cmp.Or(cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Rule, b.Rule))
		})
	}
	slices.SortStableFunc(groups, func(a, b fileGroup) int {
		return cmp.Or(cmp.Compare(min(b.errors, 1), min(a.errors, 1)), cmp.Compare(a.file, b.file))
	})
	return groups
}

// failPhrase is "1 error fails" or "3 errors fail".
func failPhrase(n int, what string) string {
	if n == 1 {
		return plural(n, what) + " fails"
	}
	return plural(n, what) + " fail"
}

func sevRank(s finding.Severity) int {
	if s == finding.Error {
		return 0
	}
	return 1
}

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

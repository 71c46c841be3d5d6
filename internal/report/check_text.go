package report

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/finding"
)

// CheckText is the report for a terminal (the CLI outside GitHub): plain
// text, the verdict first, then one line per finding in the form editors
// jump to ("file:line: error SG104 message"). Every line passes termLine, so
// no user text can inject control characters or a workflow command.
func CheckText(r *check.Result) string {
	var lines []string
	lines = append(lines, "schemagate check: "+textMark(r)+" "+verdict(r, func(s string) string { return s }))
	lines = append(lines, "What to do:")
	for _, t := range todo(r) {
		lines = append(lines, "  - "+t)
	}
	pr := ""
	if r.PR > 0 {
		pr = fmt.Sprintf(", pull request #%d", r.PR)
	}
	lines = append(lines, fmt.Sprintf("Compared %s (%s%s). %s.", r.Range, source(r), pr, fileCounts(r)))
	for _, n := range r.Notes {
		lines = append(lines, "note: "+n)
	}
	if named(r) {
		lines = append(lines, fmt.Sprintf("Deploy units (%s, read at %s; mixed only when one unit has both):", r.ConfigFile, r.ConfigAt))
		for _, u := range r.Units {
			lines = append(lines, fmt.Sprintf("  %s: %s (%d schema, %d code files, %d findings)", u.Name, u.Kind, len(u.Schema), len(u.Code), u.Findings))
		}
	}
	isNew := map[string]bool{}
	for _, f := range r.NewMigrations {
		isNew[f] = true
	}
	for _, l := range []struct {
		title string
		files []string
	}{{"Schema files", r.Class.Schema}, {"Code files", r.Class.Code}} {
		if len(l.files) == 0 {
			continue
		}
		lines = append(lines, l.title+":")
		for i, f := range l.files {
			if i == maxListed {
				lines = append(lines, fmt.Sprintf("  ... and %d more", len(l.files)-maxListed))
				break
			}
			if isNew[f] {
				f += " (new migration)"
			}
			lines = append(lines, "  "+f)
		}
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(termLine(l) + "\n")
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(&b, "Findings (%s):\n", counts(r))
		for _, g := range groupByFile(r.Findings) {
			for _, f := range g.findings {
				b.WriteString(FindingLine(f) + "\n")
			}
		}
	}
	return b.String()
}

// FindingLine is one finding as a terminal line:
// "file:line: error SG104 message".
func FindingLine(f finding.Finding) string {
	line := f.Line
	if line == 0 {
		line = 1
	}
	return fmt.Sprintf("%s:%d: %s %s %s", termPath(f.File), line, f.Severity, termText(f.Rule), termText(f.Message))
}

func textMark(r *check.Result) string {
	switch mark(r) {
	case "❌":
		return "FAIL"
	case "⚠️":
		return "PASS (with warnings)"
	}
	return "PASS"
}

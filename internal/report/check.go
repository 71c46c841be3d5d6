package report

import (
	"encoding/json"
	"fmt"
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

// MixedMessage is the one-line verdict of a mixed change set.
func MixedMessage(r *check.Result) string {
	msg := fmt.Sprintf("mixed change set: %s and %s. Split it: merge and apply the migration first, then the code in a second pull request",
		plural(len(r.Class.Schema), "schema file"), plural(len(r.Class.Code), "code file"))
	if r.Label != "" {
		msg += fmt.Sprintf(" (or add label %s to deploy both at once, accepting that a rollback will not undo the schema)", r.Label)
	}
	return msg + "."
}

// Verdict is the check's headline.
func Verdict(r *check.Result) string {
	errs, warns := finding.Count(r.Findings)
	var v string
	switch {
	case r.Class.Kind == classify.KindMixed && r.Overridden:
		v = fmt.Sprintf("⚠️ mixed change set allowed by label %s", r.Label)
	case r.Class.Kind == classify.KindMixed:
		v = "❌ mixed change set: schema and code in one deploy"
	case errs > 0:
		v = fmt.Sprintf("❌ %s change set with %s", r.Class.Kind, plural(errs, "migration error"))
	default:
		v = fmt.Sprintf("✅ %s change set", r.Class.Kind)
	}
	if warns > 0 {
		v += fmt.Sprintf(" (%s)", plural(warns, "warning"))
	}
	return v
}

// CheckSummary renders the check as Markdown: the job summary, the CLI's
// report and the body of the pull request comment.
func CheckSummary(r *check.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## schemagate check: %s\n\n", Verdict(r))
	src := "git"
	if r.Source == "github-api" {
		src = "GitHub API"
	}
	fmt.Fprintf(&b, "Compared %s (files from %s).\n\n", r.Range, src)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> %s\n\n", n)
	}
	fileList(&b, "Schema files", r.Class.Schema)
	fileList(&b, "Code files", r.Class.Code)
	if len(r.Class.Ignored) > 0 {
		fmt.Fprintf(&b, "%s ignored (ignore-paths or no pattern).\n\n", plural(len(r.Class.Ignored), "file"))
	}
	if len(r.NewMigrations) > 0 {
		fileList(&b, "New migrations", r.NewMigrations)
	}
	if len(r.Findings) > 0 {
		b.WriteString("### Findings\n\n| Rule | Severity | File | Line | Message |\n|---|---|---|---|---|\n")
		for _, f := range r.Findings {
			line := ""
			if f.Line > 0 {
				line = strconv.Itoa(f.Line)
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |\n", f.Rule, f.Severity, f.File, line, cell(f.Message))
		}
		b.WriteString("\n")
	}
	b.WriteString("### What to do\n\n")
	errs, _ := finding.Count(r.Findings)
	switch {
	case r.Class.Kind == classify.KindMixed && !r.Overridden:
		fmt.Fprintf(&b, "- %s\n", MixedMessage(r))
		b.WriteString("- Safe order: expand (an additive migration, deployed and applied on its own) → code that uses it → contract (remove what the old code needed).\n")
	case r.Class.Kind == classify.KindMixed:
		b.WriteString("- The label lets this mixed change set deploy as one. Apply the migration before the code rolls out, and know that rolling the code back will not roll the schema back.\n")
	case r.Class.Kind == classify.KindSchema:
		b.WriteString("- Schema only: after merge, the gated migrate job applies it. Ship the code that uses it in a later pull request.\n")
	case r.Class.Kind == classify.KindCode:
		b.WriteString("- Code only: deploy as usual; the verify step fails if the database lacks a migration this code needs.\n")
	default:
		b.WriteString("- Nothing to deploy from the schema or code paths.\n")
	}
	if errs > 0 {
		b.WriteString("- Fix the migration errors above; each message says how.\n")
	}
	b.WriteString("\n")
	return b.String()
}

// CommentBody is the sticky comment: the marker and the summary, cut to fit
// GitHub's comment size limit.
func CommentBody(r *check.Result) string {
	body := CommentMarker + "\n" + CheckSummary(r)
	const limit = 60000
	if len(body) > limit {
		body = body[:limit] + "\n\n… (cut; the job summary has the full report)\n"
	}
	return body
}

// CheckText is the plain report for a terminal: the summary followed by
// the findings as file:line lines that editors can jump to.
func CheckText(r *check.Result) string {
	var b strings.Builder
	b.WriteString(CheckSummary(r))
	for _, f := range r.Findings {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func fileList(b *strings.Builder, title string, files []string) {
	fmt.Fprintf(b, "**%s (%d)**", title, len(files))
	if len(files) == 0 {
		b.WriteString(": none\n\n")
		return
	}
	b.WriteString("\n\n")
	for i, f := range files {
		if i == maxListed {
			fmt.Fprintf(b, "- … and %d more\n", len(files)-maxListed)
			break
		}
		fmt.Fprintf(b, "- `%s`\n", f)
	}
	b.WriteString("\n")
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

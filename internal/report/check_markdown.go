package report

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/finding"
)

// RulesDocURL is where every rule id links to: the rule's anchor is
// "#" + the lower-case id ("#sg104").
const RulesDocURL = "https://github.com/schemagate/schemagate/blob/main/docs/rules.md"

var ruleID = regexp.MustCompile(`^SG[0-9]{3}$`)

// RuleURL is the documentation address of a rule, "" for an id that is not
// one of ours.
func RuleURL(id string) string {
	if !ruleID.MatchString(id) {
		return ""
	}
	return RulesDocURL + "#" + strings.ToLower(id)
}

// mdLimits bound what one Markdown report shows; the rest is counted.
type mdLimits struct {
	openRows int // findings shown before the rest is folded
	rows     int // findings shown at all
	files    int // entries per file list
}

var (
	summaryLimits = mdLimits{openRows: 20, rows: 1000, files: maxListed}
	commentLimits = mdLimits{openRows: 20, rows: 200, files: 50}
	// tightLimits is the comment's second try when the first is too long.
	tightLimits = mdLimits{openRows: 10, rows: 30, files: 10}
)

// commentLimit stays under GitHub's 65,536-character comment limit.
const commentLimit = 60000

// summaryLimit stays under GitHub's 1 MiB limit for one step's summary
// (past it the runner drops the summary and shows an error instead).
const summaryLimit = 1000 * 1000

// CheckSummary renders the check as the Markdown job summary.
func CheckSummary(r *check.Result) string {
	md := checkMarkdown(r, summaryLimits, "")
	if len(md) > summaryLimit {
		md = checkMarkdown(r, commentLimits, "")
	}
	return md
}

// CommentBody is the sticky comment: the marker and the report, shortened
// to fit GitHub's comment size limit (the job summary keeps everything).
// runURL, when it is an http(s) URL, links the run whose summary that is.
func CommentBody(r *check.Result, runURL string) string {
	more := "\n_The job summary has the full report._\n"
	if u, err := url.Parse(runURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		more = fmt.Sprintf("\n_The [job summary](%s) has the full report._\n", strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u.String()))
	}
	body := CommentMarker + "\n" + checkMarkdown(r, commentLimits, more)
	if len(body) > commentLimit {
		body = CommentMarker + "\n" + checkMarkdown(r, tightLimits, more)
	}
	if len(body) > commentLimit {
		cut := strings.LastIndexByte(body[:commentLimit], '\n')
		body = body[:cut+1] + "\n… (cut; the job summary has the full report)\n"
	}
	return body
}

func checkMarkdown(r *check.Result, lim mdLimits, tail string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s schemagate check: %s\n\n", mark(r), verdict(r, mdText))

	b.WriteString("**What to do**\n\n")
	for _, t := range todo(r) {
		fmt.Fprintf(&b, "- %s\n", mdText(t))
	}
	b.WriteString("\n")

	writeFindingsMarkdown(&b, r.Findings, lim)
	b.WriteString(UnitsSummary(r))

	pr := ""
	if r.PR > 0 {
		pr = fmt.Sprintf(", pull request #%d", r.PR) // GitHub links our own number
	}
	fmt.Fprintf(&b, "Compared %s (%s%s). %s.\n\n", mdCode(r.Range), mdText(source(r)), pr, mdText(fileCounts(r)))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> **Note:** %s\n\n", mdText(n))
	}
	writeChangedFilesMarkdown(&b, r, lim)
	b.WriteString(tail)
	return b.String()
}

func source(r *check.Result) string {
	s := "files from git"
	if r.Source == "github-api" {
		s = "files from the GitHub API"
	}
	return s
}

func fileCounts(r *check.Result) string {
	s := fmt.Sprintf("%s, %s", plural(len(r.Class.Schema), "schema file"), plural(len(r.Class.Code), "code file"))
	if n := len(r.Class.Ignored); n > 0 {
		s += fmt.Sprintf(", %d ignored", n)
	}
	return s
}

func writeFindingsMarkdown(b *strings.Builder, fs []finding.Finding, lim mdLimits) {
	if len(fs) == 0 {
		return
	}
	groups := groupByFile(fs)
	fmt.Fprintf(b, "### Findings: %s in %s\n\n", plural(len(fs), "finding"), plural(len(groups), "file"))
	shown, folded := 0, false
	for gi, g := range groups {
		if shown >= lim.rows {
			break
		}
		if !folded && shown >= lim.openRows {
			rest := 0
			for _, h := range groups[gi:] {
				rest += len(h.findings)
			}
			errs, _ := finding.Count(flatten(groups[gi:]))
			fmt.Fprintf(b, "<details><summary>%s in %s more (%s)</summary>\n\n", plural(rest, "finding"), plural(len(groups)-gi, "file"), plural(errs, "error"))
			folded = true
		}
		errs, warns := finding.Count(g.findings)
		fmt.Fprintf(b, "%s %s\n\n", mdCode(g.file), groupCounts(errs, warns))
		b.WriteString("| | Rule | Line | Message |\n|---|---|--:|---|\n")
		for _, f := range g.findings {
			if shown >= lim.rows {
				break
			}
			shown++
			line := ""
			if f.Line > 0 {
				line = strconv.Itoa(f.Line)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", severityMark(f.Severity), ruleLink(f.Rule), line, mdMessage(f.Message))
		}
		b.WriteString("\n")
	}
	if shown < len(fs) {
		fmt.Fprintf(b, "… and %s more not shown here: the `findings` output and the SARIF file list them all.\n\n", plural(len(fs)-shown, "finding"))
	}
	if folded {
		b.WriteString("</details>\n\n")
	}
}

func flatten(groups []fileGroup) []finding.Finding {
	var out []finding.Finding
	for _, g := range groups {
		out = append(out, g.findings...)
	}
	return out
}

func groupCounts(errs, warns int) string {
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func severityMark(s finding.Severity) string {
	if s == finding.Error {
		return "❌&nbsp;error"
	}
	return "⚠️&nbsp;warning"
}

func ruleLink(id string) string {
	if u := RuleURL(id); u != "" {
		return fmt.Sprintf("[%s](%s)", id, u)
	}
	return mdText(id)
}

// writeChangedFilesMarkdown lists the classified files once, folded: the
// new migrations are marked in the schema list rather than listed again.
func writeChangedFilesMarkdown(b *strings.Builder, r *check.Result, lim mdLimits) {
	if len(r.Class.Schema)+len(r.Class.Code) == 0 {
		return
	}
	isNew := map[string]bool{}
	for _, f := range r.NewMigrations {
		isNew[f] = true
	}
	fmt.Fprintf(b, "<details><summary>Changed files: %s</summary>\n\n", htmlText(fileCounts(r)))
	list := func(title string, files []string) {
		if len(files) == 0 {
			return
		}
		fmt.Fprintf(b, "**%s (%d)**\n\n", title, len(files))
		for i, f := range files {
			if i == lim.files {
				fmt.Fprintf(b, "- … and %d more\n", len(files)-lim.files)
				break
			}
			suffix := ""
			if isNew[f] {
				suffix = " (new migration)"
			}
			fmt.Fprintf(b, "- %s%s\n", mdCode(f), suffix)
		}
		b.WriteString("\n")
	}
	list("Schema files", r.Class.Schema)
	list("Code files", r.Class.Code)
	b.WriteString("</details>\n\n")
}

package report

import (
	"fmt"
	"strings"
)

// FailureSummary is the job summary of a run that stopped before it could
// report a result: bad input, no git repository, an API error, a crash.
// problems are the error messages, each naming what failed and the fix;
// exitCode is the code the run ends with (the caller decided it). Every
// command uses it, so no failing run leaves an empty summary.
func FailureSummary(command string, exitCode int, problems []string) string {
	title := "schemagate"
	if command != "" {
		title += " " + command
	}
	what := "could not run"
	fix := "Each message above says what failed and how to fix it; re-run the job once it is fixed. For a GitHub outage or rate limit, re-run later."
	if exitCode == 2 {
		what = "bad input or configuration"
		fix = "Fix what each message above names (the input, the allowed values) in the workflow or the config file, then re-run. Nothing was changed."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## ❌ %s: %s (exit %d)\n\n", mdText(title), what, exitCode)
	b.WriteString("**What went wrong**\n\n")
	if len(problems) == 0 {
		problems = []string{"(no message: this is a bug in schemagate, please report it)"}
	}
	for _, p := range problems {
		fmt.Fprintf(&b, "- %s\n", mdMultiline(p))
	}
	fmt.Fprintf(&b, "\n**What to do**\n\n- %s\n", mdText(fix))
	return b.String()
}

// mdMultiline is mdText that keeps line breaks as <br> (API errors carry
// GitHub's own multi-line messages).
func mdMultiline(s string) string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), "\n")
	for i, l := range lines {
		lines[i] = mdText(l)
	}
	return strings.Join(lines, "<br>")
}

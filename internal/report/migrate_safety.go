package report

import (
	"fmt"
	"html"
	"strings"

	"github.com/schemagate/schemagate/internal/markdown"
	"github.com/schemagate/schemagate/internal/migrate"
)

// The parts of a database command's report that come from the history
// table, the migration windows, the lock retries and the pending SQL. The
// text of those parts comes from files and database rows anybody with
// access could have written, so each is escaped here for where it goes.

// safetyHeadline is the headline for the outcomes these parts decide.
func safetyHeadline(r *migrate.Result, err error) (string, bool) {
	switch {
	case r.HeldBack:
		return "held back: outside every migration window", true
	case err != nil && r.Command == "verify" && r.Connected && !r.Before.Dirty && len(r.Pending) == 0 &&
		r.History != nil && len(r.History.Mismatches) > 0:
		return "applied migrations were edited", true
	}
	return "", false
}

// safetyAnnotate warns about edited migrations (plan: verify fails on them
// and says so in its error) and history that could not be read or written.
func safetyAnnotate(s *Sink, r *migrate.Result) {
	h := r.History
	if h == nil {
		return
	}
	if r.Command == "plan" {
		for _, m := range h.Mismatches {
			s.Warning("%s was edited after it was applied (version %d, applied %s): databases that ran it never run the new text. Restore the applied text and put the change in a new migration; verify fails until then", m.File, m.Version, m.Applied.Started.Format("2006-01-02 15:04 UTC"))
		}
	}
	if h.Unavailable != "" {
		s.Notice("history not read: %s", h.Unavailable)
	}
	for _, e := range h.WriteErrors {
		s.Warning("history not recorded: %s", e)
	}
	if r.LockRetryNote != "" && r.Failure != nil {
		s.Warning("lock timeout of %s: %s", r.Failure.Step.Name(), r.LockRetryNote)
	}
}

// safetySections renders retries, history and pending SQL for the summary.
func safetySections(r *migrate.Result) string {
	var b strings.Builder
	lockRetrySection(&b, r)
	historySection(&b, r)
	if r.Command == "plan" {
		pendingSQLSection(&b, r.PendingSQL)
	}
	return b.String()
}

func lockRetrySection(b *strings.Builder, r *migrate.Result) {
	if len(r.LockRetries) == 0 && r.LockRetryNote == "" {
		return
	}
	b.WriteString("### Lock timeouts\n\n")
	for _, lr := range r.LockRetries {
		fmt.Fprintf(b, "- %s hit the statement lock timeout (%s); nothing of it was applied (PostgreSQL rolled the transaction back), so the dirty flag was reset and retry %d ran after %s.\n",
			mdInline(lr.Step.Name()), mdInline(lr.Reason), lr.Attempt, Duration(lr.Wait))
	}
	if r.LockRetryNote != "" {
		fmt.Fprintf(b, "- %s\n", mdInline(r.LockRetryNote))
	}
	b.WriteString("\n")
}

func historySection(b *strings.Builder, r *migrate.Result) {
	h := r.History
	if h == nil {
		return
	}
	if len(h.Mismatches) > 0 {
		fmt.Fprintf(b, "### Edited after they were applied (%d)\n\n", len(h.Mismatches))
		b.WriteString("Databases that ran these migrations never run the new text. Restore the applied text and put the change in a new migration.\n\n")
		b.WriteString("| migration | applied | by | recorded sha256 | file's sha256 now |\n|---|---|---|---|---|\n")
		for _, m := range h.Mismatches {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdInline(m.File), m.Applied.Started.Format("2006-01-02 15:04"), mdInline(m.Applied.Actor), short(m.Recorded, 12), short(m.Current, 12))
		}
		b.WriteString("\n")
	}
	for _, e := range h.WriteErrors {
		fmt.Fprintf(b, "> **History not recorded:** %s\n\n", mdInline(e))
	}
	if r.Command != "plan" && r.Command != "verify" {
		return
	}
	switch {
	case h.Unavailable != "":
		fmt.Fprintf(b, "History not read: %s. Applied migrations were not compared with their recorded checksums.\n\n", mdInline(h.Unavailable))
		return
	case h.Missing:
		fmt.Fprintf(b, "No history yet: table %s does not exist (migrate, down and force create it on their first run).\n\n", mdInline(h.Table))
		return
	}
	if h.Unrecorded > 0 {
		fmt.Fprintf(b, "%d applied migration(s) have no history row (applied before history was kept, or by another tool): their files were not checked.\n\n", h.Unrecorded)
	}
	if r.Command != "plan" {
		return
	}
	if len(h.Recent) == 0 {
		fmt.Fprintf(b, "History table %s holds no runs yet.\n\n", mdInline(h.Table))
		return
	}
	fmt.Fprintf(b, "### Last runs (%s)\n\n| started (UTC) | version | direction | outcome | took | actor | commit | run |\n|---|---|---|---|---|---|---|---|\n", mdInline(h.Table))
	for _, row := range h.Recent {
		took := ""
		if !row.Ended.IsZero() {
			took = Duration(row.Ended.Sub(row.Started))
		}
		outcome := row.Outcome
		if outcome == migrate.HistoryStarted {
			outcome = "started, never ended (killed?)"
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", row.Started.Format("2006-01-02 15:04:05"), row.Version, mdInline(string(row.Direction)),
			mdInline(outcome), took, mdInline(row.Actor), mdInline(short(row.Commit, 7)), runLink(row.RunURL))
	}
	b.WriteString("\n")
}

func pendingSQLSection(b *strings.Builder, files []migrate.PendingSQL) {
	if len(files) == 0 {
		return
	}
	fmt.Fprintf(b, "### SQL to run (%d file(s))\n\n", len(files))
	for _, p := range files {
		size := ""
		if p.Size > 0 {
			size = fmt.Sprintf(" (%s)", bytesName(p.Size))
		}
		fmt.Fprintf(b, "<details><summary>%s%s</summary>\n\n", html.EscapeString(p.Step.Name()), size)
		if p.Omitted != "" {
			fmt.Fprintf(b, "Not shown: %s.\n\n</details>\n\n", mdInline(strings.TrimPrefix(p.Omitted, "not shown: ")))
			continue
		}
		if p.Shown < p.Size {
			fmt.Fprintf(b, "Showing the first %s of %s (the summary is bounded); read the whole file in the repository.\n\n", bytesName(p.Shown), bytesName(p.Size))
		}
		b.WriteString(codeBlock("sql", p.SQL))
		b.WriteString("\n</details>\n\n")
	}
}

// codeBlock fences text with more backticks than any run inside it, so no
// line of the text can close the block.
func codeBlock(lang, text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(text)
	fence := markdown.Fence(text, 3)
	return fence + lang + "\n" + strings.TrimRight(text, "\n") + "\n" + fence + "\n"
}

// mdInline escapes text for a Markdown table cell or paragraph: HTML is
// escaped, Markdown punctuation backslash-escaped, line breaks folded.
func mdInline(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\r' || c == '\n':
			b.WriteByte(' ')
		case strings.ContainsRune("<>&\"'", c):
			b.WriteString(html.EscapeString(string(c)))
		case strings.ContainsRune("\\`*_[]{}()#+-!|~", c):
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// runLink links a run URL that looks like one; anything else is text.
func runLink(u string) string {
	if u == "" {
		return ""
	}
	if strings.HasPrefix(u, "https://") && !strings.ContainsAny(u, " <>()[]\"'`\\|\n\r") {
		return "[run](" + u + ")"
	}
	return mdInline(u)
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func bytesName(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/1024)
}

package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/rehearse"
	"github.com/schemagate/schemagate/internal/schema"
)

// stepJSON is one element of the rehearsal output (the contract's shape).
type stepJSON struct {
	File       string `json:"file"`
	Direction  string `json:"direction"`
	DurationMS int64  `json:"duration-ms"`
	OK         bool   `json:"ok"`
	Error      string `json:"error"`
}

// RehearseOutputs writes the rehearsal and schema-diff outputs.
func RehearseOutputs(s *Sink, r *rehearse.Result) error {
	if r == nil {
		return nil
	}
	steps := make([]stepJSON, 0, len(r.Steps))
	for _, st := range r.Steps {
		steps = append(steps, stepJSON{File: st.File, Direction: st.Direction, DurationMS: st.Duration.Milliseconds(), OK: st.OK, Error: st.Error})
	}
	if err := setJSON(s, "rehearsal", steps); err != nil {
		return err
	}
	if r.HasDiff {
		return setJSON(s, "schema-diff", nonNilChanges(r.Diff))
	}
	return nil
}

// DriftOutputs writes the drift and schema-diff outputs, once compared.
func DriftOutputs(s *Sink, r *rehearse.DriftResult) error {
	if r == nil || !r.Compared {
		return nil
	}
	if err := s.SetOutput("drift", strconv.FormatBool(len(r.Diff) > 0)); err != nil {
		return err
	}
	return setJSON(s, "schema-diff", nonNilChanges(r.Diff))
}

func setJSON(s *Sink, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.SetOutput(name, string(b))
}

func nonNilChanges(c []schema.Change) []schema.Change {
	if c == nil {
		return []schema.Change{}
	}
	return c
}

// RehearseSummary renders a rehearsal: the verdict, what failed and on
// which data, the steps with their durations, the change set's schema
// diff and the generated rows. err is a run that did not get as far as a
// verdict (bad input, an unreachable database).
func RehearseSummary(r *rehearse.Result, rangeDesc string, err error) string {
	var b strings.Builder
	switch {
	case err != nil:
		fmt.Fprintf(&b, "## schemagate rehearse: not run\n\n> %s\n\n", schema.Text(err.Error()))
	case r.Failed():
		f := r.Failure
		where := schema.Code(f.File)
		if f.Line > 0 {
			where += fmt.Sprintf(" line %d", f.Line)
		}
		fmt.Fprintf(&b, "## schemagate rehearse: failed at %s\n\n", where)
		fmt.Fprintf(&b, "> %s\n\n", schema.Text(f.Reason))
		if f.Data != "" {
			fmt.Fprintf(&b, "The data: %s.\n\n", schema.Text(f.Data))
		}
		if f.Statement != "" {
			fmt.Fprintf(&b, "```sql\n%s\n```\n\n", strings.ReplaceAll(f.Statement, "```", "` ` `"))
		}
		if len(f.Diff) > 0 {
			fmt.Fprintf(&b, "Left behind (schema before the up migration -> after its down):\n\n%s\n", schema.Markdown(f.Diff))
		}
		b.WriteString("Fix the migration and push again. Only the rehearsal database was written to.\n\n")
	default:
		fmt.Fprintf(&b, "## schemagate rehearse: passed\n\n%s up, down and up again on generated data.\n\n", plural(r.NewUps, "new migration"))
	}
	if r == nil {
		return b.String()
	}
	if r.Engine != "" {
		fmt.Fprintf(&b, "Engine %s", r.Engine)
		if rangeDesc != "" {
			fmt.Fprintf(&b, ", change set %s", schema.Text(rangeDesc))
		}
		fmt.Fprintf(&b, ", %s on the base.\n\n", plural(r.BaseSize, "migration"))
	}
	if len(r.Steps) > 0 {
		b.WriteString("| # | step | file | duration | result |\n|---|---|---|---|---|\n")
		for i, st := range r.Steps {
			res := "ok"
			if !st.OK {
				res = "**failed**"
			}
			if st.Error != "" {
				res += ": " + schema.Text(excerptText(st.Error, 300))
			}
			file := ""
			if st.File != "" {
				file = cellCode(st.File)
			}
			if st.Detail != "" {
				file = strings.TrimSpace(file + " " + schema.Text(st.Detail))
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", i+1, st.Direction, file, Duration(st.Duration), res)
		}
		b.WriteString("\n")
		if r.Failed() {
			b.WriteString("The rehearsal stopped at the failure: later steps did not run.\n\n")
		}
	}
	if r.HasDiff {
		fmt.Fprintf(&b, "### Schema diff of the change set (%d)\n\n%s\n", len(r.Diff), schema.Markdown(r.Diff))
	}
	if len(r.Filled) > 0 {
		total, skipped := 0, 0
		for _, f := range r.Filled {
			total += f.Rows
			if f.Skipped != "" {
				skipped++
			}
		}
		fmt.Fprintf(&b, "<details><summary>Generated rows: %d in %s", total, plural(len(r.Filled), "table"))
		if skipped > 0 {
			fmt.Fprintf(&b, ", %d skipped", skipped)
		}
		b.WriteString("</summary>\n\n| table | rows | note |\n|---|---|---|\n")
		for i, f := range r.Filled {
			if i == maxListed {
				fmt.Fprintf(&b, "| ... and %d more | | |\n", len(r.Filled)-maxListed)
				break
			}
			note := f.Note
			if f.Skipped != "" {
				note = "skipped: " + f.Skipped
			}
			fmt.Fprintf(&b, "| %s | %d | %s |\n", cellCode(f.Table), f.Rows, schema.Text(note))
		}
		b.WriteString("\n</details>\n\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "Note: %s.\n\n", schema.Text(n))
	}
	return b.String()
}

// DriftSummary renders a drift check.
func DriftSummary(r *rehearse.DriftResult, migrationsPath string, err error) string {
	var b strings.Builder
	switch {
	case err != nil && (r == nil || !r.Compared):
		fmt.Fprintf(&b, "## schemagate drift: not compared\n\n> %s\n\n", schema.Text(err.Error()))
		return b.String()
	case len(r.Diff) > 0:
		fmt.Fprintf(&b, "## schemagate drift: %s\n\n", plural(len(r.Diff), "difference"))
	default:
		b.WriteString("## schemagate drift: none\n\n")
	}
	fmt.Fprintf(&b, "The live database (%s, version %s) compared with the migrations in %s replayed up to that version into the scratch database.\n\n", r.Engine, r.State.String(), schema.Code(migrationsPath))
	if !r.State.HasVersion {
		b.WriteString("The live database has no golang-migrate version (never migrated, or another version table: x-migrations-table), so it was compared with an empty schema.\n\n")
	}
	if r.State.Dirty {
		fmt.Fprintf(&b, "**The live database is dirty at version %d**: a migration failed part-way. It was compared with version %d fully applied, so differences may be that half-applied migration rather than drift. Recover it first (see plan).\n\n", r.State.Version, r.State.Version)
	}
	if len(r.Diff) > 0 {
		fmt.Fprintf(&b, "### Differences (expected -> live)\n\n%s\n", schema.Markdown(r.Diff))
		b.WriteString("Each is a change made outside the migrations (by hand, by a tool, or by a migration from another branch). Write a migration that makes it official, or undo it on the live database.\n\n")
		if r.Engine == "mysql" && hiddenFromReader(r.Diff) {
			b.WriteString("Note: a MySQL/MariaDB user with SELECT only sees no triggers (TRIGGER privilege) and no view definitions (SHOW VIEW privilege): grant those to the drift user, or these differences may be what it cannot see.\n\n")
		}
	}
	return b.String()
}

// hiddenFromReader reports whether the diff has what a SELECT-only MySQL
// user cannot see.
func hiddenFromReader(d []schema.Change) bool {
	for _, c := range d {
		if c.Object == "trigger" && c.Change == schema.Removed || c.Object == "view" && c.Change == schema.Changed {
			return true
		}
	}
	return false
}

// cellCode is a code span inside a table cell, where '|' ends the cell
// even inside code (GitHub's tables read \| as a literal bar).
func cellCode(s string) string {
	return strings.ReplaceAll(schema.Code(s), "|", `\|`)
}

func excerptText(s string, n int) string {
	if len(s) > n {
		return s[:n] + " ..."
	}
	return s
}

// RehearseCommentMarker identifies the rehearsal's sticky pull request
// comment, apart from check's, so each command updates its own.
const RehearseCommentMarker = "<!-- schemagate:rehearse -->"

// RehearseComment is the sticky comment's body: the job summary, cut to
// fit GitHub's comment limit.
func RehearseComment(summary string) string {
	body := RehearseCommentMarker + "\n" + summary
	const limit = 60000
	if len(body) > limit {
		body = body[:limit] + "\n\n… (cut; the job summary has the full report)\n"
	}
	return body
}

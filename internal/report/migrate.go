package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/schema"
)

// outputsOf lists which outputs each database command sets (the contract's
// table).
var outputsOf = map[string][]string{
	"plan":    {"current-version", "dirty", "pending-count", "pending"},
	"migrate": {"previous-version", "current-version", "dirty", "pending-count", "applied-count"},
	"down":    {"previous-version", "current-version", "dirty", "applied-count"},
	"force":   {"previous-version", "current-version", "dirty"},
	"verify":  {"current-version", "dirty", "pending-count", "pending"},
}

// MigrateOutputs writes the step outputs of plan, migrate, down, force or
// verify. A result from a run that never reached the database sets none.
func MigrateOutputs(s *Sink, r *migrate.Result) error {
	if r == nil || !r.Connected {
		return nil
	}
	pending := make([]string, 0, len(r.Pending))
	for _, p := range r.Pending {
		pending = append(pending, p.Name())
	}
	pj, err := json.Marshal(pending)
	if err != nil {
		return err
	}
	values := map[string]string{
		"previous-version": r.Before.VersionString(),
		"current-version":  r.After.VersionString(),
		"dirty":            strconv.FormatBool(r.After.Dirty),
		"pending-count":    strconv.Itoa(len(r.Pending)),
		"pending":          string(pj),
		"applied-count":    strconv.Itoa(len(r.Applied)),
	}
	for _, name := range outputsOf[r.Command] {
		if r.Unread != "" && afterState[name] {
			continue // unknown: never a made-up state
		}
		if err := s.SetOutput(name, values[name]); err != nil {
			return err
		}
	}
	return nil
}

// afterState are the outputs that describe the state after the run.
var afterState = map[string]bool{"current-version": true, "dirty": true, "pending-count": true, "pending": true}

// MigrationLog logs each migration in its own group with its duration.
type MigrationLog struct{ Sink *Sink }

var _ migrate.Progress = MigrationLog{}

func (l MigrationLog) Start(st migrate.Step) {
	l.Sink.Info("running %s (%s, version %d) ...", st.Name(), st.Direction, st.Version)
}

func (l MigrationLog) Done(st migrate.Step) {
	l.Sink.Group(fmt.Sprintf("%s %s (%s)", arrow(st.Direction), st.Name(), Duration(st.Duration)), func() {
		l.Sink.Info("%s migration of version %d finished in %s", st.Direction, st.Version, Duration(st.Duration))
	})
}

func arrow(d migrate.Direction) string {
	if d == migrate.DirDown {
		return "down"
	}
	return "up"
}

// Duration rounds a duration for people.
func Duration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// MigrateAnnotate logs notices, warnings and the failure annotation of a
// database command's result.
func MigrateAnnotate(s *Sink, r *migrate.Result) {
	if r == nil {
		return
	}
	if r.Ahead {
		s.Notice("database version %d is ahead of %s (newest file: %s): a newer commit migrated it. That is expand/contract working as designed, not a failure", r.After.Version, r.MigrationsPath, latest(r))
	}
	if r.Drift && r.Command == "plan" {
		s.Warning("drift: database version %d has no file in %s: a migration was deleted or renamed, or the database was migrated from another branch", r.After.Version, r.MigrationsPath)
	}
	safetyAnnotate(s, r)
	if r.Command == "plan" && r.Recovery != nil {
		s.Warning("%s: %s", dirtyAt(r.Recovery), r.Recovery.Line())
	}
	if f := r.Failure; f != nil && f.Step.File != "" {
		state := "The database is left dirty"
		if r.Recovery != nil {
			state = dirtyAt(r.Recovery)
		} else if !r.After.Dirty {
			state = "The database is clean at version " + orNone(r.After.VersionString())
		}
		advice := ""
		if r.Recovery != nil {
			advice = "; " + r.Recovery.Line()
		}
		s.Annotate(finding.Finding{
			Rule: "schemagate " + r.Command, Severity: finding.Error, File: f.Step.File, Line: int(f.Line),
			Message: fmt.Sprintf("migration failed: %s. %s. %s%s", f.Reason, rolledBack(f), capitalize(state), advice),
		})
	}
}

// dirtyAt names the dirty state the advice is for.
func dirtyAt(a *migrate.Advice) string {
	if a.Unread {
		return fmt.Sprintf("the state after the run is unknown (this run had marked version %s dirty)", migrate.VersionName(a.DirtyVersion))
	}
	return "the database is dirty at version " + migrate.VersionName(a.DirtyVersion)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func rolledBack(f *migrate.Failure) string {
	switch {
	case f.RolledBack:
		return "Rolled back: yes, " + f.Transaction
	case f.Outcome == migrate.OutcomeFailed:
		return "Rolled back: no, " + f.Transaction
	}
	return "Rolled back: " + f.Transaction
}

func latest(r *migrate.Result) string {
	if !r.HasLatest {
		return "none"
	}
	return strconv.FormatUint(uint64(r.Latest), 10)
}

// MigrateSummary renders the job summary of a database command. err is the
// command's error, shown when the run failed.
func MigrateSummary(r *migrate.Result, err error) string {
	reached := r.Connected
	var b strings.Builder
	fmt.Fprintf(&b, "## schemagate %s: %s\n\n", r.Command, headline(r, err))
	if err != nil && r.Failure == nil { // a failure's words are in its own section, once
		fmt.Fprintf(&b, "> %s\n\n", quoteLines(err.Error()))
	}
	if reached {
		b.WriteString("| | version | dirty |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| before | %s | %t |\n", orNone(r.Before.VersionString()), r.Before.Dirty)
		if r.Unread != "" {
			b.WriteString("| after | unknown | unknown |\n\n")
		} else {
			fmt.Fprintf(&b, "| after | %s | %t |\n\n", orNone(r.After.VersionString()), r.After.Dirty)
		}
		fmt.Fprintf(&b, "Engine %s, migrations in %s (newest %s).", r.Engine, code(r.MigrationsPath), latest(r))
		if r.LockWait >= 100*time.Millisecond {
			fmt.Fprintf(&b, " Waited %s to open the database and take the lock.", Duration(r.LockWait))
		}
		b.WriteString("\n\n")
	}
	if r.Ahead {
		fmt.Fprintf(&b, "The database (version %d) is ahead of this commit's migrations (newest %s): a newer commit migrated it. This is expand/contract working as designed.\n\n", r.After.Version, latest(r))
	}
	if r.Drift {
		fmt.Fprintf(&b, "**Drift:** database version %d has no file in %s. A migration was deleted or renamed, or the database was migrated from another branch.\n\n", r.After.Version, code(r.MigrationsPath))
	}
	if len(r.Applied) > 0 {
		verb := "Applied"
		if r.Command == "down" || r.Applied[0].Direction == migrate.DirDown {
			verb = "Rolled back"
		}
		var total time.Duration
		fmt.Fprintf(&b, "### %s (%d)\n\n| # | migration | direction | duration |\n|---|---|---|---|\n", verb, len(r.Applied))
		for i, st := range r.Applied {
			if i == maxListed {
				fmt.Fprintf(&b, "| | ... and %d more | | |\n", len(r.Applied)-maxListed)
				break
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, code(st.Name()), st.Direction, Duration(st.Duration))
		}
		for _, st := range r.Applied {
			total += st.Duration
		}
		fmt.Fprintf(&b, "\nTotal %s.\n\n", Duration(total))
	}
	if f := r.Failure; f != nil {
		fmt.Fprintf(&b, "### Failed: %s\n\n", code(f.Step.Name()))
		fmt.Fprintf(&b, "> %s\n\n", quoteLines(f.Reason))
		if f.Statement != "" {
			where := "Failing statement"
			if f.Line > 0 {
				where += fmt.Sprintf(" (line %d)", f.Line)
			}
			fmt.Fprintf(&b, "%s:\n\n```sql\n%s\n```\n\n", where, strings.ReplaceAll(controls(f.Statement, true), "```", "` ` `"))
		}
		if f.Line == 0 && f.LineUnknown != "" {
			fmt.Fprintf(&b, "Failing statement and line: not known (%s).\n\n", f.LineUnknown)
		}
		fmt.Fprintf(&b, "%s.\n\n", rolledBack(f))
	}
	if r.Interrupted != "" {
		fmt.Fprintf(&b, "Cancellation: %s.\n\n", r.Interrupted)
	}
	if r.Unread != "" {
		fmt.Fprintf(&b, "**State unknown:** %s. Nothing here is a guess at it.", r.Unread)
		if r.Recovery == nil {
			b.WriteString(" Once the server answers again, run `plan`: it reads the state back and, if the database is dirty, says what to do.")
		}
		b.WriteString("\n\n")
	}
	if r.Command == "plan" || r.Command == "verify" || r.Command == "migrate" {
		if len(r.Pending) > 0 {
			fmt.Fprintf(&b, "### Pending (%d)\n\n", len(r.Pending))
			for i, p := range r.Pending {
				if i == maxListed {
					fmt.Fprintf(&b, "- ... and %d more\n", len(r.Pending)-maxListed)
					break
				}
				fmt.Fprintf(&b, "- %s\n", code(p.Name()))
			}
			b.WriteString("\n")
		} else if reached && !r.Ahead && r.Recovery == nil && r.Unread == "" {
			b.WriteString("No pending migrations.\n\n")
		}
	}
	b.WriteString(safetySections(r))
	if rc := r.Recovery; rc != nil {
		b.WriteString(RecoverySteps(r))
	}
	return b.String()
}

// RecoverySteps renders the advice for a dirty database (or one whose
// state is unknown), with the exact force step for the workflow and the CLI.
func RecoverySteps(r *migrate.Result) string {
	a := r.Recovery
	var b strings.Builder
	b.WriteString("### Recovery\n\n")
	if a.Unread {
		fmt.Fprintf(&b, "%s: if the flag is still set, golang-migrate runs nothing until it is cleared.\n\n", capitalize(dirtyAt(a)))
	} else {
		fmt.Fprintf(&b, "%s: golang-migrate runs nothing until the dirty flag is cleared.\n\n", capitalize(dirtyAt(a)))
	}
	for _, f := range a.Facts {
		// A fact may quote an error, a host or a table name.
		fmt.Fprintf(&b, "- %s\n", schema.Text(f))
	}
	b.WriteString("\n")
	force := "<version>"
	switch {
	case a.Known:
		force = strconv.Itoa(*a.Force)
		fmt.Fprintf(&b, "**Force version %s.**\n\n", migrate.VersionName(*a.Force))
	case a.Neither:
		fmt.Fprintf(&b, "**The schema matches %s.** %s\n\n", migrate.NoneOf(a.Candidates), a.HowToTell)
		if d := a.Nearest; d != nil {
			fmt.Fprintf(&b, "What differs between the schema at version %s and this database's (%d):\n\n%s\n", migrate.VersionName(d.Version), len(d.Changes), schema.Markdown(d.Changes))
		}
	default:
		fmt.Fprintf(&b, "**Not known yet: the schema matches version %s.** %s\n\n", orVersions(a.Candidates), a.HowToTell)
	}
	n := 1
	step := func(format string, args ...any) {
		fmt.Fprintf(&b, "%d. "+format+"\n", append([]any{n}, args...)...)
		n++
	}
	if a.Unread {
		step("Once the server answers again, run `plan`: it reads the state back and gives the advice for what it finds.")
	}
	switch {
	case a.Neither:
		step("Repair the database by hand so its schema matches version %s (see above). Do not force before then: forcing makes `migrate` run the next migrations on a schema they were not written for.", orVersions(a.Candidates))
	case !a.Known:
		step("Find the version the schema matches, as above. Do not force before you know: forcing the wrong version makes `migrate` run a migration twice or skip one.")
	case a.Repair:
		step("Repair the database by hand so its schema matches version %s (see above).", migrate.VersionName(*a.Force))
	}
	if r.Failure != nil && r.Failure.Outcome == migrate.OutcomeFailed {
		step("Fix the migration %s (it never applied completely, so changing the file is safe) and merge the fix.", code(r.Failure.Step.Name()))
	}
	step("Clear the dirty flag: run the migrate workflow with `command: force` and `version: %s`, or on the CLI:\n\n   ```sh\n   DATABASE_URL=... schemagate force --version %s --migrations-path %s\n   ```\n", force, force, r.MigrationsPath)
	again := "migrate"
	if r.Failure != nil {
		again = r.Command
	}
	step("Run `%s` again.", again)
	b.WriteString("\n")
	return b.String()
}

func orVersions(vs []int) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = migrate.VersionName(v)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func headline(r *migrate.Result, err error) string {
	reached := r.Connected
	if h, ok := safetyHeadline(r, err); ok {
		return h
	}
	switch {
	case r.Failure != nil:
		return "migration failed"
	case r.Cancelled:
		return fmt.Sprintf("cancelled after %d", len(r.Applied))
	case err != nil && r.Command == "verify" && reached:
		return "deploy the schema first"
	case err != nil && r.Recovery != nil:
		return "refused: the database is dirty"
	case err != nil:
		return "failed"
	}
	switch r.Command {
	case "plan":
		if r.Recovery != nil {
			return dirtyAt(r.Recovery)
		}
		if len(r.Pending) == 0 {
			return "up to date"
		}
		return fmt.Sprintf("%d pending", len(r.Pending))
	case "verify":
		if r.Ahead {
			return "passed (the database is ahead)"
		}
		return "passed, the schema is deployed"
	case "migrate":
		if r.NoChange {
			return "no change"
		}
		return fmt.Sprintf("applied %d", len(r.Applied))
	case "down":
		return fmt.Sprintf("rolled back %d", len(r.Applied))
	case "force":
		return "version set to " + orNone(r.After.VersionString())
	}
	return "done"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func quoteLines(s string) string {
	return strings.ReplaceAll(controls(strings.TrimSpace(s), true), "\n", "\n> ")
}

// RefusedSummary is the job summary of a database command the gate refused.
func RefusedSummary(command, reason string) string {
	return fmt.Sprintf("## schemagate %s: refused\n\n> %s\n\nNothing was run against the database.\n", command, quoteLines(reason))
}

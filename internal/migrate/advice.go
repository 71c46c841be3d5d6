package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/schema"
)

// Recovery advice for a dirty database is decided in one place, advise, and
// every command (the failing run, plan, verify, the refusal of migrate and
// down) prints its answer, so they can never disagree.
//
// What golang-migrate records is ambiguous: a failed up of version N leaves
// N dirty, a failed down of N leaves the version below N dirty, and a run
// killed after the engine committed the file also leaves the flag set. From
// the version table alone the schema may match the version below, the dirty
// version itself, or the version above it. advise narrows that down only
// with what was observed: this run's own attempt (or the last attempted step
// recorded elsewhere, Options.LastAttempt), the migration files, and a
// schema comparison (Options.MatchSchema) when one is available.

// Outcome is what was observed of the migration that left a database dirty.
type Outcome string

const (
	// OutcomeUnknown: no answer from the engine. The client was killed, or
	// the connection or the server was lost while the file ran; the engine
	// may have committed the file or not.
	OutcomeUnknown Outcome = "unknown"
	// OutcomeFailed: the engine answered a statement of the file with an
	// error (a cancelled statement included), so the file did not complete.
	OutcomeFailed Outcome = "failed"
	// OutcomeCompleted: every statement of the file ran, but clearing the
	// dirty flag afterwards failed.
	OutcomeCompleted Outcome = "completed"
)

// Attempt is the migration step that left the database dirty and what was
// seen of it.
type Attempt struct {
	Step    Step
	Outcome Outcome
}

// SchemaMatch is the answer of a schema comparison: the live schema compared
// with the schema that the migrations produce at each candidate version
// (replayed into a scratch database).
type SchemaMatch struct {
	// Compared are the versions compared (-1: the empty database).
	Compared []int
	// Matches are the compared versions whose schema equals the live one.
	Matches []int
	// Nearest, when nothing matches, is the compared version whose schema
	// differs least from the live one, with the differences.
	Nearest *SchemaDiff
	// Notes say what else the comparison did (what it left in the scratch
	// database), one sentence each.
	Notes []string
}

// SchemaDiff is what differs between the schema the migrations produce at
// Version and the live schema (Changes turn the first into the second).
type SchemaDiff struct {
	Version int
	Changes []schema.Change
}

// Advice is the way out of a dirty database.
type Advice struct {
	// DirtyVersion is the version recorded as dirty, -1 when the dirty flag
	// sits on no version (a failed down of the first migration).
	DirtyVersion int
	// Unread is true when the state could not be read back after the run:
	// DirtyVersion is then the version this run marked dirty.
	Unread bool
	// Known is true when the version to force is known: Force holds it.
	Known bool
	Force *int
	// Candidates are the versions the schema may match, ascending (-1 for
	// none). When Known it holds Force's value and, with Repair, the other
	// version a repair by hand may aim at.
	Candidates []int
	// Repair is true when statements of the file may have taken effect
	// partly (an engine without transactional DDL): the database must be
	// repaired by hand before forcing.
	Repair bool
	// Facts say what is known, one sentence each, for people.
	Facts []string
	// HowToTell says how to find out the rest when !Known.
	HowToTell string
	// Attempt is the attempt the advice rests on, nil when none was known.
	Attempt *Attempt
	// Neither is true when a schema comparison found that the schema
	// matches none of the candidates; Nearest then holds the differences
	// from the closest one, when known.
	Neither bool
	Nearest *SchemaDiff
	// DataOnly is true when a schema comparison found the schemas of
	// several candidates equal to the live one: only the data tells.
	DataOnly bool
}

// adviceInput is everything advise may use.
type adviceInput struct {
	// Dirty is the dirty state read from the version table.
	Dirty State
	// Unread is true when the state could not be read back; Dirty is then
	// what this run wrote before it lost the database.
	Unread bool
	files  *files
	// Transactional says whether the engine undoes a failed file; TxNote
	// explains it.
	Transactional bool
	TxNote        string
	// Last is this run's attempt or the last attempted step recorded
	// elsewhere; nil when unknown.
	Last *Attempt
	// Match is a schema comparison's answer; nil when none was made.
	Match *SchemaMatch
}

// advise decides the recovery for a dirty database.
func advise(in adviceInput) *Advice {
	d := -1
	if in.Dirty.HasVersion {
		d = int(in.Dirty.Version)
	}
	a := &Advice{DirtyVersion: d, Unread: in.Unread}
	if in.Last != nil && !consistent(in.files, d, in.Last.Step) {
		a.Facts = append(a.Facts, fmt.Sprintf("The last recorded attempt (%s of version %d) does not explain a dirty flag at version %s, so it is not used.", in.Last.Step.Direction, in.Last.Step.Version, forceName(d)))
		in.Last = nil
	}
	if in.Last != nil {
		a.Attempt = in.Last
		fromAttempt(a, in)
	} else {
		fromTable(a, in)
	}
	if in.Match != nil {
		fromMatch(a, in.Match)
	}
	return a
}

// consistent says whether step, run, leaves the dirty flag at d.
func consistent(f *files, d int, st Step) bool {
	if st.Direction == DirUp {
		return d == int(st.Version)
	}
	return d == f.previous(st.Version)
}

func (a *Advice) known(v int, others ...int) {
	a.Known = true
	a.Force = &v
	a.Candidates = sortedUnique(append([]int{v}, others...))
}

// fromAttempt: the direction is known, and what the engine answered.
func fromAttempt(a *Advice, in adviceInput) {
	st := in.Last.Step
	n := int(st.Version)
	// before is the schema's version had the file left nothing, after the
	// one had it run to its end.
	before, after := in.files.previous(st.Version), n
	if st.Direction == DirDown {
		before, after = n, in.files.previous(st.Version)
	}
	what := fmt.Sprintf("The %s migration of version %d", st.Direction, n)
	switch in.Last.Outcome {
	case OutcomeCompleted:
		a.Facts = append(a.Facts, fmt.Sprintf("%s ran to its end, but clearing the dirty flag afterwards failed: the schema matches version %s.", what, forceName(after)))
		a.known(after)
	case OutcomeFailed:
		if in.Transactional {
			a.Facts = append(a.Facts, fmt.Sprintf("%s failed: the engine answered one of its statements with an error, and %s. So nothing of it remains and the schema matches version %s, unless the file commits by itself.", what, in.TxNote, forceName(before)))
			a.known(before)
			return
		}
		a.Repair = true
		a.Facts = append(a.Facts, fmt.Sprintf("%s failed part-way: the engine answered one of its statements with an error, and %s.", what, in.TxNote))
		a.Facts = append(a.Facts, fmt.Sprintf("Undo by hand what the statements before the failing one changed, so the schema matches version %s, and force %s; or complete the rest of the file by hand and force %s.", forceName(before), forceName(before), forceName(after)))
		a.known(before, after)
	default:
		a.Facts = append(a.Facts, fmt.Sprintf("%s was interrupted before the engine answered (the client was killed, or the connection or the server was lost). Whether the engine committed it is unknown: a server whose client is gone still finishes the statement and commits it, one that crashed commits nothing it had not finished.", what))
		if in.Transactional {
			a.Facts = append(a.Facts, fmt.Sprintf("The engine runs the file in one transaction, so the schema matches version %s (nothing applied) or version %s (all applied).", forceName(before), forceName(after)))
		} else {
			a.Repair = true
			a.Facts = append(a.Facts, fmt.Sprintf("The engine commits each statement, so the schema matches version %s, version %s, or lies between them.", forceName(before), forceName(after)))
		}
		a.Candidates = sortedUnique([]int{before, after})
		a.HowToTell = howToTell(a.Candidates, a.Repair)
	}
}

// fromTable: only the version table and the files are known.
func fromTable(a *Advice, in adviceInput) {
	d := a.DirtyVersion
	var cands []int
	var why []string
	if d >= 0 {
		p := in.files.previous(uint(d))
		cands = append(cands, p)
		why = append(why, fmt.Sprintf("version %s if the up migration of %d failed and left nothing", forceName(p), d))
	}
	cands = append(cands, d)
	if d >= 0 {
		why = append(why, fmt.Sprintf("version %d if that up migration ran to its end but the flag was never cleared (a killed client, a lost connection)", d))
	} else {
		why = append(why, "none (-1) if the down migration of the first version ran to its end but the flag was never cleared")
	}
	if nx, ok := in.files.nextWithDown(d); ok {
		cands = append(cands, int(nx))
		why = append(why, fmt.Sprintf("version %d if the down migration of %d failed and left nothing", nx, nx))
	} else {
		why = append(why, fmt.Sprintf("(no version above %s in the directory has a down file, so no down migration from this commit left it there)", forceName(d)))
	}
	a.Facts = append(a.Facts, "golang-migrate records a failed up of version N as N dirty and a failed down of N as the version below N dirty, and the run that left this flag is not known here (its job summary says which migration failed, in which direction, and what the engine did).")
	a.Facts = append(a.Facts, "So the schema matches "+strings.Join(why, "; ")+".")
	if !in.Transactional {
		a.Repair = true
		a.Facts = append(a.Facts, "The engine commits each DDL statement, so the schema may also lie between two of these versions.")
	}
	a.Candidates = sortedUnique(cands)
	a.HowToTell = howToTell(a.Candidates, a.Repair)
}

// fromMatch settles the candidates with a schema comparison.
func fromMatch(a *Advice, m *SchemaMatch) {
	switch len(m.Matches) {
	case 1:
		a.Facts = append(a.Facts, fmt.Sprintf("The schema equals the schema the migrations produce at version %s (compared with versions %s, each replayed into the scratch database).", forceName(m.Matches[0]), versionNames(m.Compared)))
		if a.Repair {
			a.Facts = append(a.Facts, "The comparison sees the schema, not the rows: the engine commits each statement, so if the file changes rows after its last schema change, check that those rows are there.")
		}
		a.known(m.Matches[0])
		a.Repair = false
		a.HowToTell = ""
	case 0:
		a.Facts = append(a.Facts, fmt.Sprintf("The schema matches %s (each replayed into the scratch database and compared with this database's schema): repair it by hand to one of them before forcing.", NoneOf(m.Compared)))
		a.Known, a.Force, a.Repair, a.Neither, a.Nearest = false, nil, true, true, m.Nearest
		a.HowToTell = fmt.Sprintf("Change the database by hand until its schema equals the schema at version %s, then force that version.", orList(a.Candidates))
		if m.Nearest != nil {
			a.HowToTell += fmt.Sprintf(" The closest is version %s; what differs from it is listed below.", forceName(m.Nearest.Version))
		}
	default:
		a.Facts = append(a.Facts, fmt.Sprintf("The schema equals the schema of each of versions %s (their migrations differ in data only): check the data to choose.", versionNames(m.Matches)))
		a.Known, a.Force, a.DataOnly = false, nil, true
		a.Candidates = sortedUnique(m.Matches)
		a.HowToTell = fmt.Sprintf("The schema cannot tell versions %s apart: look at the data that the migrations of those versions write to see which of them ran, and force that version.", versionNames(a.Candidates))
	}
	a.Facts = append(a.Facts, m.Notes...)
}

// NoneOf says "neither version 2 nor 3" or "none of versions 1, 2 or 3".
func NoneOf(vs []int) string {
	if len(vs) == 2 {
		return fmt.Sprintf("neither version %s nor %s", forceName(vs[0]), forceName(vs[1]))
	}
	return "none of versions " + orList(vs)
}

func howToTell(cands []int, repair bool) string {
	s := fmt.Sprintf("Compare the database's schema with the schema at version %s: for each version, apply this directory's migrations to an empty database of the same engine (`schemagate migrate --target-version <version>` with DATABASE_URL set to it; for none, leave it empty), dump both schemas (`pg_dump --schema-only`, `mysqldump --no-data` or sqlite3's `.schema`) and diff them. Force the version whose schema matches.", orList(cands))
	if repair {
		s += " When none matches, repair the database by hand to one of them first."
	}
	return s
}

// Line is the advice in one sentence, for error messages and annotations.
func (a *Advice) Line() string {
	switch {
	case a.Known && a.Repair:
		return fmt.Sprintf("statements of the migration took effect part-way: repair the database by hand so its schema matches version %s, then run force with version %d (see the recovery steps)", forceName(*a.Force), *a.Force)
	case a.Known:
		return fmt.Sprintf("the schema matches version %s: run force with version %d", forceName(*a.Force), *a.Force)
	case a.DataOnly:
		return fmt.Sprintf("the schema matches each of versions %s (their migrations differ in data only): look at the data to tell which ran (see the recovery steps), then run force with that version. Do not force before you know", versionNames(a.Candidates))
	case a.Neither:
		return fmt.Sprintf("the schema matches %s (see the differences in the recovery steps): repair the database by hand so its schema matches one of them, then run force with that version. Do not force before then", NoneOf(a.Candidates))
	}
	return fmt.Sprintf("the schema matches version %s, and which one is not known: compare the schema with each (see the recovery steps), then run force with the version it matches. Do not force before you know", orList(a.Candidates))
}

func orList(vs []int) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = forceName(v)
	}
	switch len(names) {
	case 0:
		return "(none)"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func versionNames(vs []int) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = forceName(v)
	}
	return strings.Join(names, ", ")
}

func sortedUnique(vs []int) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		i := 0
		for i < len(out) && out[i] < v {
			i++
		}
		if i < len(out) && out[i] == v {
			continue
		}
		out = append(out[:i], append([]int{v}, out[i:]...)...)
	}
	return out
}

// VersionName is v for people: "none (-1)" for -1.
func VersionName(v int) string { return forceName(v) }

// nextWithDown is the version above d (-1: the first version) in the
// directory, when it has a down file: only then can a failed down
// migration of it have left the dirty flag at d.
func (f *files) nextWithDown(d int) (uint, bool) {
	for _, x := range f.list {
		if int(x.Version) > d {
			return x.Version, x.Down != ""
		}
	}
	return 0, false
}

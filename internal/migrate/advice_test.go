package migrate

import (
	"slices"
	"strings"
	"testing"
)

// TestAdvise covers each way a database becomes dirty, with and without a
// record of the attempt, on transactional and non-transactional engines.
func TestAdvise(t *testing.T) {
	t.Parallel()
	// Versions 1..5; 5 has a down file, 3 has none.
	f := &files{dir: "m", list: []version{
		{1, "1_a.up.sql", "1_a.down.sql"}, {2, "2_b.up.sql", "2_b.down.sql"}, {3, "3_c.up.sql", ""},
		{4, "4_d.up.sql", "4_d.down.sql"}, {5, "5_e.up.sql", "5_e.down.sql"},
	}}
	at := func(v uint) State { return State{Version: v, HasVersion: true, Dirty: true} }
	up := func(v uint, o Outcome) *Attempt {
		return &Attempt{Step: Step{Version: v, Direction: DirUp}, Outcome: o}
	}
	down := func(v uint, o Outcome) *Attempt {
		return &Attempt{Step: Step{Version: v, Direction: DirDown}, Outcome: o}
	}
	tests := []struct {
		name      string
		dirty     State
		tx        bool
		last      *Attempt
		match     *SchemaMatch
		known     bool
		force     int
		cands     []int
		repair    bool
		lineHas   string
		factHas   string
		howToTell bool
		howHas    string // in HowToTell; default for !known: how to compare by hand
		neither   bool
	}{
		{name: "failed up, transactional", dirty: at(4), tx: true, last: up(4, OutcomeFailed), known: true, force: 3, cands: []int{3}, lineHas: "run force with version 3"},
		{name: "failed down of 5, transactional: force 5, not 3", dirty: at(4), tx: true, last: down(5, OutcomeFailed), known: true, force: 5, cands: []int{5}, lineHas: "run force with version 5"},
		{name: "failed up, MySQL", dirty: at(4), last: up(4, OutcomeFailed), known: true, force: 3, cands: []int{3, 4}, repair: true, lineHas: "repair the database by hand"},
		{name: "failed down, MySQL", dirty: at(4), last: down(5, OutcomeFailed), known: true, force: 5, cands: []int{4, 5}, repair: true, factHas: "complete the rest of the file by hand and force 4"},
		{name: "killed client, transactional: no rollback claimed", dirty: at(4), tx: true, last: up(4, OutcomeUnknown), cands: []int{3, 4}, factHas: "Whether the engine committed it is unknown", howToTell: true},
		{name: "killed client during down", dirty: at(4), tx: true, last: down(5, OutcomeUnknown), cands: []int{4, 5}, howToTell: true},
		{name: "completed, flag not cleared", dirty: at(4), tx: true, last: up(4, OutcomeCompleted), known: true, force: 4, cands: []int{4}},
		{name: "completed down of the first version", dirty: State{Dirty: true}, tx: true, last: down(1, OutcomeCompleted), known: true, force: -1, cands: []int{-1}},
		{name: "no record: up of 4 or down of 5", dirty: at(4), tx: true, cands: []int{3, 4, 5}, lineHas: "which one is not known", howToTell: true},
		{name: "no record, next has no down file", dirty: at(2), tx: true, cands: []int{1, 2}, factHas: "no version above 2 in the directory has a down file", howToTell: true},
		{name: "no record, latest version", dirty: at(5), tx: true, cands: []int{4, 5}, howToTell: true},
		{name: "no record, MySQL may lie between", dirty: at(4), cands: []int{3, 4, 5}, repair: true, factHas: "may also lie between", howToTell: true},
		{name: "no record, dirty at none", dirty: State{Dirty: true}, tx: true, cands: []int{-1, 1}, howToTell: true},
		{name: "inconsistent record ignored", dirty: at(4), tx: true, last: up(2, OutcomeFailed), cands: []int{3, 4, 5}, factHas: "is not used", howToTell: true},
		{name: "schema comparison settles it", dirty: at(4), tx: true, match: &SchemaMatch{Compared: []int{3, 4, 5}, Matches: []int{5}}, known: true, force: 5, cands: []int{5}},
		{name: "schema matches none", dirty: at(4), tx: true, match: &SchemaMatch{Compared: []int{3, 4, 5}}, cands: []int{3, 4, 5}, repair: true, factHas: "matches none of versions 3, 4 or 5", lineHas: "matches none of versions 3, 4 or 5", howToTell: true, howHas: "Change the database by hand", neither: true},
		{name: "schema matches neither of two, nearest named", dirty: at(5), tx: true, match: &SchemaMatch{Compared: []int{4, 5}, Nearest: &SchemaDiff{Version: 5}, Notes: []string{"The scratch database is left."}}, cands: []int{4, 5}, repair: true, factHas: "matches neither version 4 nor 5", lineHas: "matches neither version 4 nor 5", howToTell: true, howHas: "The closest is version 5", neither: true},
		{name: "schema comparison settles a MySQL repair", dirty: at(4), match: &SchemaMatch{Compared: []int{3, 4, 5}, Matches: []int{4}, Notes: []string{"The scratch database is left."}}, known: true, force: 4, cands: []int{4}, factHas: "sees the schema, not the rows", lineHas: "run force with version 4"},
		{name: "schema matches two", dirty: at(4), tx: true, match: &SchemaMatch{Compared: []int{3, 4, 5}, Matches: []int{3, 4}}, cands: []int{3, 4}, factHas: "data only", howToTell: true, howHas: "cannot tell versions 3, 4 apart", lineHas: "look at the data to tell which ran"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := advise(adviceInput{Dirty: tt.dirty, files: f, Transactional: tt.tx, TxNote: "note", Last: tt.last, Match: tt.match})
			if a.Known != tt.known || (a.Force != nil) != tt.known || (tt.known && *a.Force != tt.force) {
				t.Errorf("known %v force %v, want %v %d", a.Known, a.Force, tt.known, tt.force)
			}
			if !slices.Equal(a.Candidates, tt.cands) || a.Repair != tt.repair {
				t.Errorf("candidates %v repair %v, want %v %v", a.Candidates, a.Repair, tt.cands, tt.repair)
			}
			if (a.HowToTell != "") != tt.howToTell {
				t.Errorf("how to tell = %q", a.HowToTell)
			}
			line, facts := a.Line(), strings.Join(a.Facts, " ")
			if !strings.Contains(line, tt.lineHas) || !strings.Contains(facts, tt.factHas) {
				t.Errorf("line %q / facts %q lack %q / %q", line, facts, tt.lineHas, tt.factHas)
			}
			if !a.Known && strings.Contains(line+facts, "rolled") {
				t.Errorf("an unknown outcome must not speak of a rollback: %s %s", line, facts)
			}
			how := tt.howHas
			if how == "" && !a.Known {
				how = "Compare the database's schema"
			}
			if !strings.Contains(a.HowToTell, how) || a.Neither != tt.neither {
				t.Errorf("how to tell = %q (want %q), neither %v", a.HowToTell, how, a.Neither)
			}
		})
	}
}

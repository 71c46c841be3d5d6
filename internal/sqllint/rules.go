package sqllint

import "github.com/schemagate/schemagate/internal/finding"

// rule is one SG2xx check. check sees the whole file, so rules about single
// statements and rules about the file's shape have the same form.
type rule struct {
	id       string
	severity finding.Severity
	summary  string
	dialects []string // the dialects it can fire in; nil: all of them
	off      bool     // off unless the config file gives it a severity
	squawk   string   // the squawk rule it corresponds to ("" none), for docs/rules.md
	check    func(f *fileInfo) []hit
}

var (
	onlyPostgres     = []string{dialectPostgres}
	onlyMySQL        = []string{dialectMySQL}
	postgresAndMySQL = []string{dialectPostgres, dialectMySQL}
)

// appliesTo reports whether the rule can fire in dialect. Lint runs a rule's
// check only there, and SG291 does not call a suppression of it stale
// elsewhere, so a portable migration can carry a suppression for one dialect.
func (r *rule) appliesTo(dialect string) bool {
	if r.dialects == nil {
		return true
	}
	for _, d := range r.dialects {
		if d == dialect {
			return true
		}
	}
	return false
}

// hit is a rule's raw finding, before suppressions: the index of the
// statement it is about (-1: the file) and that statement's line.
type hit struct {
	rule *rule
	stmt int
	line int
	msg  string
}

// allRules lists every rule in id order; the README table follows it.
var allRules = []*rule{
	ruleSG200,
	ruleSG201, ruleSG202, ruleSG203, ruleSG204, ruleSG205, ruleSG206, ruleSG207, ruleSG208, ruleSG209, ruleSG210,
	ruleSG211, ruleSG212, ruleSG213, ruleSG214, ruleSG215, ruleSG216, ruleSG217, ruleSG218, ruleSG219, ruleSG220,
	ruleSG221, ruleSG222, ruleSG223, ruleSG224, ruleSG225, ruleSG226, ruleSG227, ruleSG228, ruleSG229, ruleSG230,
	ruleSG231,
	ruleSG290, ruleSG291,
}

func ruleByID(id string) *rule {
	for _, r := range allRules {
		if r.id == id {
			return r
		}
	}
	return nil
}

// fileInfo is what rules read: the statements and which tables and indexes
// the file itself creates (those are exempt from the breaking and locking
// rules: no running code uses them and nobody waits on them).
type fileInfo struct {
	dialect        string
	settings       Settings
	stmts          []stmt
	toks           []token
	lines          lines
	cs             *changeSet     // nil: the file is judged alone
	createdTables  map[string]int // table -> index of the creating statement
	createdIndexes map[string]int
	// With the change set's model (cs.model): per statement, what it drops
	// or renames that does not exist; and each type change's old type.
	missing map[int][]string
	oldType map[opRef]string
}

func newFileInfo(dialect string, stmts []stmt, cs *changeSet) *fileInfo {
	f := &fileInfo{dialect: dialect, stmts: stmts, cs: cs, createdTables: map[string]int{}, createdIndexes: map[string]int{},
		missing: map[int][]string{}, oldType: map[opRef]string{}}
	var m *model
	if cs != nil && cs.model != nil {
		m = cs.model.clone()
	}
	for i, st := range stmts {
		for j, o := range st.ops {
			if m != nil {
				if what := m.missing(o); what != "" {
					f.missing[i] = append(f.missing[i], what)
				}
				if o.kind == opAlterColumnType {
					if t := m.table(o.table); t != nil {
						if c := m.column(t, o.column); c != nil {
							f.oldType[opRef{i, j}] = c.Type
						}
					}
				}
			}
			switch o.kind {
			case opCreateTable:
				// CREATE TABLE IF NOT EXISTS of a table the base has
				// creates nothing: the running code uses the old one.
				exists := m != nil && m.table(o.table) != nil
				if _, ok := f.createdTables[o.table]; !ok && !exists {
					f.createdTables[o.table] = i
				}
			case opCreateIndex:
				if _, ok := f.createdIndexes[o.name]; !ok && o.name != "" {
					f.createdIndexes[o.name] = i
				}
			}
			if m != nil {
				m.applyOp(o) // MySQL CHANGE a b ...: the rename, then b's type
			}
		}
	}
	return f
}

// opRef names one op of a file: statement i, op j.
type opRef struct{ stmt, op int }

// isNew reports whether table was created by statement at or before i, or
// by an earlier migration of the change set.
func (f *fileInfo) isNew(table string, i int) bool {
	if f.cs != nil && f.cs.created[table] {
		return true
	}
	at, ok := f.createdTables[table]
	return ok && at <= i
}

// existing calls fn for every op of kind on a table that existed before
// this file.
func (f *fileInfo) existing(kind opKind, fn func(i int, st *stmt, o *op) string) []hit {
	var hits []hit
	for i := range f.stmts {
		st := &f.stmts[i]
		for j := range st.ops {
			o := &st.ops[j]
			if o.kind != kind || f.isNew(o.table, i) {
				continue
			}
			if msg := fn(i, st, o); msg != "" {
				hits = append(hits, hit{stmt: i, line: st.line, msg: msg})
			}
		}
	}
	return hits
}

func (f *fileInfo) is(dialects ...string) bool {
	for _, d := range dialects {
		if f.dialect == d {
			return true
		}
	}
	return false
}

// named renders an optional object name after a noun: "index" or "index x".
func named(noun, name string) string {
	if name == "" {
		return noun
	}
	return noun + " " + name
}

// qual renders table.column for messages.
func qual(table, column string) string {
	if table == "" {
		return column
	}
	return table + "." + column
}

package sqllint

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/finding"
)

// File is one migration handed to LintChangeSet.
type File struct {
	Path string // as findings name it
	Src  []byte
}

// changeSet is what the files of one change set know beyond themselves: the
// schema at the base (built from the base's own migrations) as each
// statement of the change set changes it.
type changeSet struct {
	// created: tables that a migration of the change set created; no
	// running code uses them yet.
	created map[string]bool
	// model is the schema before the current file; nil when the base's
	// history could not be read (then each file is judged alone).
	model *model
}

// LintChangeSet lints the change set's up migrations (changed, in version
// order) knowing the schema that base (the base's other up migrations, in
// version order) builds: a table created by any migration of the change set
// is new, CREATE TABLE IF NOT EXISTS of a table the base has is not, a type
// change is judged by the old type, and dropping or renaming what does not
// exist is a finding. When a base migration does not parse, that is said once
// in notes and each file is judged on its own.
func (s Settings) LintChangeSet(dialect string, base, changed []File) ([]finding.Finding, []string) {
	if _, ok := parseFile(dialect, nil); !ok {
		return nil, nil
	}
	cs := &changeSet{created: map[string]bool{}, model: newModel(dialect)}
	var notes []string
	for _, b := range base {
		if line, ok := cs.model.applyBase(b.Src); !ok {
			notes = append(notes, fmt.Sprintf("the SQL rules could not read the base's migration history (%s does not parse as %s: line %d), so each new migration is judged on its own: a table created by an earlier migration of this change set, or one that already exists, is not recognised as such.", b.Path, dialectNames[dialect], line))
			cs.model = nil
			break
		}
	}
	var out []finding.Finding
	for _, c := range changed {
		p, _ := parseFile(dialect, c.Src)
		out = append(out, s.lintParsed(dialect, c.Path, p, cs)...)
		if p.err != "" {
			continue
		}
		f := newFileInfo(dialect, p.stmts, cs)
		for t := range f.createdTables {
			cs.created[t] = true
		}
		if cs.model != nil {
			cs.model.applyFile(p.stmts)
		}
	}
	finding.Sort(out)
	return out, notes
}

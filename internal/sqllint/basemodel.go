package sqllint

import (
	"strings"

	"github.com/schemagate/schemagate/internal/schema"
)

// model is the schema that a migration history builds, replayed from the
// files' statements into the shared schema types: which tables exist and,
// where every statement that shaped a table was read, its columns.
type model struct {
	dialect string
	s       *schema.Schema
	// partial: tables whose column list is not fully known (CREATE TABLE
	// AS, LIKE, or a statement the parser does not model), so a column's
	// absence proves nothing.
	partial map[string]bool
}

func newModel(dialect string) *model {
	return &model{dialect: dialect, s: schema.New(), partial: map[string]bool{}}
}

// key folds a name the way the engine compares it: PostgreSQL's parser
// already lower-cased unquoted names; MySQL and SQLite compare table and
// column names case-insensitively (MySQL tables on Linux excepted, which
// the rules do not rely on).
func (m *model) key(name string) string {
	if m.dialect == dialectPostgres {
		return name
	}
	return strings.ToLower(name)
}

func (m *model) clone() *model {
	c := newModel(m.dialect)
	for k, t := range m.s.Tables {
		nt := *t
		nt.Columns = make([]*schema.Column, len(t.Columns))
		for i, col := range t.Columns {
			cc := *col
			nt.Columns[i] = &cc
		}
		c.s.Tables[k] = &nt
	}
	for k, v := range m.partial {
		c.partial[k] = v
	}
	return c
}

func (m *model) table(name string) *schema.Table { return m.s.Tables[m.key(name)] }

func (m *model) column(t *schema.Table, name string) *schema.Column {
	for _, c := range t.Columns {
		if m.key(c.Name) == m.key(name) {
			return c
		}
	}
	return nil
}

func (m *model) applyFile(stmts []stmt) {
	for _, st := range stmts {
		m.apply(st)
	}
}

// apply changes the model as st changes the database.
func (m *model) apply(st stmt) {
	for _, o := range st.ops {
		m.applyOp(o)
	}
}

func (m *model) applyOp(o op) {
	switch o.kind {
	case opCreateTable:
		if m.table(o.table) != nil {
			return // IF NOT EXISTS (or a failing migration): the old table stays
		}
		t := &schema.Table{Name: o.table}
		for _, c := range o.cols {
			t.Columns = append(t.Columns, &schema.Column{Name: c.name, Type: c.typ, Nullable: !c.notNull})
		}
		m.s.Tables[m.key(o.table)] = t
		if !o.colsKnown {
			m.partial[m.key(o.table)] = true
		}
	case opDropTable:
		delete(m.s.Tables, m.key(o.table))
		delete(m.partial, m.key(o.table))
	case opRenameTable:
		if t := m.table(o.table); t != nil {
			delete(m.s.Tables, m.key(o.table))
			t.Name = o.to
			m.s.Tables[m.key(o.to)] = t
			if m.partial[m.key(o.table)] {
				delete(m.partial, m.key(o.table))
				m.partial[m.key(o.to)] = true
			}
		}
	case opAddColumn:
		if t := m.table(o.table); t != nil && m.column(t, o.column) == nil {
			t.Columns = append(t.Columns, &schema.Column{Name: o.column, Type: o.typ, Nullable: !o.notNull, HasDefault: o.hasDefault})
		}
	case opDropColumn:
		if t := m.table(o.table); t != nil {
			for i, c := range t.Columns {
				if m.key(c.Name) == m.key(o.column) {
					t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
					break
				}
			}
		}
	case opRenameColumn:
		if t := m.table(o.table); t != nil {
			if c := m.column(t, o.column); c != nil {
				c.Name = o.to
			}
		}
	case opAlterColumnType:
		if t := m.table(o.table); t != nil {
			if c := m.column(t, o.column); c != nil {
				c.Type = o.typ
			}
		}
	case opSetNotNull, opDropNotNull:
		if t := m.table(o.table); t != nil {
			if c := m.column(t, o.column); c != nil {
				c.Nullable = o.kind == opDropNotNull
			}
		}
	}
}

// missing returns what o drops or renames that the model does not have:
// "table x" or "column x.y"; "" when it exists, when IF EXISTS makes its
// absence harmless, or when the model cannot know.
func (m *model) missing(o op) string {
	if o.ifExists {
		return ""
	}
	switch o.kind {
	case opDropTable, opRenameTable:
		if m.table(o.table) == nil {
			return "table " + o.table
		}
	case opDropColumn, opRenameColumn, opAlterColumnType, opSetNotNull, opDropNotNull:
		t := m.table(o.table)
		if t == nil {
			return "table " + o.table
		}
		if !m.partial[m.key(o.table)] && m.column(t, o.column) == nil {
			return "column " + qual(o.table, o.column)
		}
	}
	return ""
}

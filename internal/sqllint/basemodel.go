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
	// uncertain: a base statement with effects the model could not read
	// (a DO block, a function) ran, so a missing table proves nothing.
	uncertain bool
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
	c.uncertain = m.uncertain
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
		if m.table(o.table) == nil && !m.uncertain {
			return "table " + o.table
		}
	case opDropColumn, opRenameColumn, opAlterColumnType, opSetNotNull, opDropNotNull:
		t := m.table(o.table)
		if t == nil {
			if m.uncertain {
				return ""
			}
			return "table " + o.table
		}
		if !m.partial[m.key(o.table)] && m.column(t, o.column) == nil {
			return "column " + qual(o.table, o.column)
		}
	}
	return ""
}

// applyBase replays one base migration. PostgreSQL statements outside the
// fast path's grammar are not handed to libpg_query (its start-up would cost
// every check a second): the model only needs their effect, so an ALTER
// TABLE it cannot read makes that table's columns unknown, and any other
// statement makes every table it names unknown and the model uncertain.
// ok is false when the file cannot even be split into statements (or, on
// MySQL and SQLite, does not parse); errLine says where.
func (m *model) applyBase(src []byte) (errLine int, ok bool) {
	if m.dialect != dialectPostgres {
		p := parseGeneric(m.dialect, string(src))
		if p.err != "" {
			return p.errLine, false
		}
		m.applyFile(p.stmts)
		m.uncertain = m.uncertain || genericUnreadEffects(p.toks)
		return 0, true
	}
	text := string(src)
	toks, _, err := lex(dialectPostgres, text)
	if err != nil {
		ls := newLines(text)
		return ls.at(err.(*lexError).off), false
	}
	if _, nul := hasNUL(src); nul {
		return 1, false
	}
	var called map[string]bool
	for _, sp := range pgSplit(toks) {
		f := &pgf{gparser: gparser{toks: sp.toks, dialect: dialectPostgres, end: sp.end}, src: text}
		st, ok := f.statement()
		var inner []stmt
		if ok && f.eof() && f.body != nil {
			if called == nil {
				called = pgCalledFunctions(toks)
			}
			inner, ok = f.bodyStatements(called, newLines(text))
		}
		if ok && f.eof() {
			m.apply(st)
			for _, in := range inner {
				m.apply(in)
			}
			continue
		}
		m.opaque(sp.toks)
	}
	return 0, true
}

// pgNoSchemaEffect are statements (by first word, or first two) that change
// no table's columns: data changes, triggers, functions, sequences, grants.
var pgNoSchemaEffect = wordSet(`select insert update delete with merge grant revoke comment analyze vacuum
set reset notify refresh copy truncate lock cluster reindex security
create.trigger create.function create.procedure create.or create.sequence create.aggregate create.operator
create.policy create.role create.user create.extension create.schema create.type create.domain create.collation
alter.sequence alter.function alter.procedure alter.trigger alter.role alter.user alter.default alter.extension
alter.policy alter.index alter.type alter.domain alter.schema alter.view
drop.trigger drop.function drop.procedure drop.sequence drop.policy drop.role drop.user drop.aggregate drop.operator
drop.extension drop.domain drop.collation create.index create.unique create.view drop.view create.materialized`)

// genericUnreadEffects reports whether a MySQL/SQLite file runs SQL the
// model cannot read: a prepared statement built with CONCAT, or a CALL of a
// procedure created in another file.
func genericUnreadEffects(toks []token) bool {
	spans := split(toks)
	vars := preparedVars(spans)
	created := map[string]bool{}
	for _, sp := range spans {
		if sp.toks[0].is("create") {
			created[routineName(sp.toks)] = true
		}
	}
	for name := range calledRoutines(spans) {
		if !created[name] {
			return true
		}
	}
	for _, sp := range spans {
		t := sp.toks
		if len(t) >= 4 && t[0].is("set") && t[1].punct('@') && vars[t[2].val] {
			for _, u := range t {
				if u.is("concat") || u.is("concat_ws") {
					return true
				}
			}
		}
	}
	return false
}

// opaque records a statement whose effect the model cannot read.
func (m *model) opaque(toks []token) {
	first := toks[0].val
	if first == "select" {
		for _, t := range toks {
			if t.is("into") { // SELECT ... INTO creates a table
				m.uncertain = true
				return
			}
		}
	}
	if len(toks) > 1 && pgNoSchemaEffect[first+"."+toks[1].val] || pgNoSchemaEffect[first] {
		return
	}
	g := &gparser{toks: toks, dialect: m.dialect}
	if g.acceptSeq("alter", "table") || g.acceptSeq("create", "table") {
		create := toks[0].is("create")
		g.acceptSeq("if", "not", "exists")
		g.acceptSeq("if", "exists")
		g.accept("only")
		if name, err := g.name("a table name"); err == nil {
			if create && m.table(name) == nil {
				m.s.Tables[m.key(name)] = &schema.Table{Name: name}
			}
			m.unknownColumns(name)
			return
		}
	}
	m.uncertain = true
	for _, t := range toks {
		if (t.kind == tkWord || t.kind == tkIdent) && m.table(t.val) != nil {
			m.unknownColumns(t.val)
		}
	}
}

func (m *model) unknownColumns(table string) {
	if t := m.table(table); t != nil {
		m.partial[m.key(table)] = true
		for _, c := range t.Columns {
			c.Type = ""
		}
	}
}

package sqllint

import (
	"fmt"
	"strings"
)

// The MySQL/MariaDB and SQLite parser: a lexer that follows each dialect's
// quoting and comments, a splitter that follows compound statement bodies,
// and a recursive-descent parser for the statements the rules inspect
// (CREATE/ALTER/DROP/RENAME TABLE, CREATE/DROP INDEX, UPDATE, DELETE, SET).
// Other statements are checked only for balanced parentheses: unlike
// PostgreSQL's own grammar, this does not prove the server will accept them.

var dialectNames = map[string]string{dialectMySQL: "MySQL", dialectSQLite: "SQLite", dialectPostgres: "PostgreSQL"}

type parseError struct {
	off int
	msg string
}

func parseGeneric(dialect, text string) parsed {
	p := parsed{lines: newLines(text)}
	toks, comments, err := lex(dialect, text)
	p.comments, p.toks = comments, toks
	fail := func(off int, msg string) parsed {
		p.stmts = nil
		p.err = fmt.Sprintf("the file does not parse as %s: %s. Fix the SQL.", dialectNames[dialect], msg)
		p.errLine = p.lines.at(off)
		return p
	}
	if i, ok := hasNUL([]byte(text)); ok {
		return fail(i, "it contains a NUL byte")
	}
	if err != nil {
		le := err.(*lexError)
		return fail(le.off, le.msg)
	}
	spans := split(toks)
	called := calledRoutines(spans)
	prepared := preparedVars(spans)
	for _, sp := range spans {
		g := &gparser{toks: sp.toks, dialect: dialect, end: sp.end}
		st, perr := g.statement()
		if perr != nil {
			return fail(perr.off, perr.msg)
		}
		st.line = p.lines.at(sp.start)
		st.endLine = p.lines.at(max(sp.end-1, sp.start))
		p.stmts = append(p.stmts, st)
		if dialect != dialectMySQL {
			continue
		}
		// SQL in a string that the file PREPAREs and EXECUTEs: judged on
		// the string's line. A fragment that does not parse on its own
		// (CONCAT pieces) is not judged.
		for _, lit := range assignedSQL(sp.toks, prepared) {
			inner := parseGeneric(dialect, mysqlUnquote(lit.val))
			if inner.err != "" {
				continue
			}
			shift := p.lines.at(lit.off) - 1
			for _, in := range inner.stmts {
				in.line += shift
				in.endLine += shift
				p.stmts = append(p.stmts, in)
			}
		}
		if !sp.toks[0].is("create") || !called[routineName(sp.toks)] {
			continue
		}
		// The body runs where the file CALLs the procedure: judge each of
		// its statements on its own line.
		for _, leaf := range bodyLeaves(sp.toks) {
			last := leaf[len(leaf)-1]
			lg := &gparser{toks: leaf, dialect: dialect, end: last.end}
			inner, perr := lg.statement()
			if perr != nil {
				return fail(perr.off, perr.msg)
			}
			inner.line = p.lines.at(leaf[0].off)
			inner.endLine = p.lines.at(max(last.end-1, leaf[0].off))
			p.stmts = append(p.stmts, inner)
		}
	}
	return p
}

type gparser struct {
	toks    []token
	i       int
	dialect string
	end     int
}

func (g *gparser) eof() bool { return g.i >= len(g.toks) }

func (g *gparser) peek() token {
	if g.eof() {
		return token{off: g.end}
	}
	return g.toks[g.i]
}

func (g *gparser) peekAt(n int) token {
	if g.i+n >= len(g.toks) {
		return token{off: g.end}
	}
	return g.toks[g.i+n]
}

// accept consumes the next token when it is one of words.
func (g *gparser) accept(words ...string) bool {
	t := g.peek()
	for _, w := range words {
		if t.is(w) {
			g.i++
			return true
		}
	}
	return false
}

// acceptSeq consumes words only when all of them come next, in order.
func (g *gparser) acceptSeq(words ...string) bool {
	for n, w := range words {
		if !g.peekAt(n).is(w) {
			return false
		}
	}
	g.i += len(words)
	return true
}

func (g *gparser) errorf(format string, args ...any) *parseError {
	return &parseError{off: g.peek().off, msg: fmt.Sprintf(format, args...)}
}

// name reads a possibly qualified identifier and returns its last part.
func (g *gparser) name(what string) (string, *parseError) {
	var last string
	for {
		t := g.peek()
		if t.kind != tkWord && t.kind != tkIdent && !(t.kind == tkString && g.dialect == dialectSQLite) {
			return "", g.errorf("expected %s, found %s", what, describe(t))
		}
		g.i++
		last = t.val
		if !g.peek().punct('.') {
			return last, nil
		}
		g.i++
	}
}

func describe(t token) string {
	if t.kind == 0 {
		return "the end of the statement"
	}
	return fmt.Sprintf("%q", t.val)
}

// balanced checks parentheses over the whole statement.
func (g *gparser) balanced() *parseError {
	depth := 0
	for _, t := range g.toks {
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
			if depth < 0 {
				return &parseError{off: t.off, msg: "unexpected \")\""}
			}
		}
	}
	if depth > 0 {
		return &parseError{off: g.end, msg: "missing \")\""}
	}
	return nil
}

// hasTopLevel reports whether word appears outside parentheses from the
// current position on.
func (g *gparser) hasTopLevel(word string) bool {
	depth := 0
	for _, t := range g.toks[g.i:] {
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case depth == 0 && t.is(word):
			return true
		}
	}
	return false
}

// ddlParsers read the schema changes of a DDL statement, by its first
// keyword; TRUNCATE needs nothing beyond its kind.
var ddlParsers = map[string]func(*gparser, *stmt) *parseError{
	"create":   (*gparser).create,
	"drop":     (*gparser).drop,
	"alter":    (*gparser).alter,
	"rename":   (*gparser).rename,
	"truncate": (*gparser).truncate,
}

func (g *gparser) truncate(st *stmt) *parseError {
	g.i++
	st.verb = "TRUNCATE"
	g.accept("table")
	table, err := g.name("a table name")
	if err != nil {
		return err
	}
	st.ops = append(st.ops, op{kind: opTruncate, table: table})
	return nil
}

// genericTxControl names the transaction-control statements by first word.
var genericTxControl = map[string]string{"begin": "BEGIN", "start": "START TRANSACTION", "commit": "COMMIT", "rollback": "ROLLBACK", "end": "COMMIT"}

// genericStatementWords are the words a MySQL/MariaDB or SQLite statement
// can start with; text starting otherwise is not SQL the server runs.
var genericStatementWords = wordSet(`alter analyze attach begin binlog cache call change check checksum
commit create deallocate declare delete describe desc detach do drop end execute explain flush get grant
handler help import insert install kill load lock optimize pragma prepare purge reindex release rename
repair replace reset resignal revoke rollback savepoint select set show signal start table truncate
uninstall unlock update upsert use vacuum values with xa`)

func (g *gparser) statement() (stmt, *parseError) {
	var st stmt
	if err := g.balanced(); err != nil {
		return st, err
	}
	first := g.peek()
	switch {
	case first.is("delimiter"):
		return st, g.errorf("DELIMITER is a command of the mysql client, not SQL: golang-migrate sends the file to the server, which rejects it. Remove the DELIMITER lines and end each statement (a procedure's END too) with a plain semicolon")
	case first.punct('('):
		// a parenthesised SELECT or VALUES
	case first.kind != tkWord || !genericStatementWords[first.val]:
		return st, g.errorf("%s does not start an SQL statement", describe(first))
	}
	st.verb = first.val
	var err *parseError
	parseDDL, isDDL := ddlParsers[first.val]
	switch {
	case first.kind == tkWord && isDDL:
		st.kind = kindDDL
		if parseDDL != nil {
			err = parseDDL(g, &st)
		}
	case first.is("update"), first.is("delete"):
		err = g.dml(&st)
	case genericTxControl[first.val] != "" && first.kind == tkWord:
		second := g.peekAt(1)
		// ROLLBACK TO SAVEPOINT is not transaction control of the file;
		// START only counts as START TRANSACTION.
		if !(first.is("start") && !second.is("transaction")) && !(first.is("rollback") && second.is("to")) {
			st.txControl = genericTxControl[first.val]
		}
	case first.is("with"):
		for ; !g.eof(); g.i++ {
			if t := g.peek(); (t.is("update") || t.is("delete")) && g.depthAt(g.i) == 0 {
				err = g.dml(&st)
				break
			}
		}
	case first.is("set"):
		st.kind = kindSet
		for _, t := range g.toks {
			if t.is("lock_wait_timeout") {
				st.setsLockTimeout = true
			}
		}
	}
	return st, err
}

func (g *gparser) depthAt(i int) int {
	depth := 0
	for _, t := range g.toks[:i] {
		if t.punct('(') {
			depth++
		} else if t.punct(')') {
			depth--
		}
	}
	return depth
}

func (g *gparser) create(st *stmt) *parseError {
	g.i++
	g.acceptSeq("or", "replace")
	g.accept("temporary", "temp")
	switch {
	case g.accept("table"):
		st.verb = "CREATE TABLE"
		ifNotExists := g.acceptSeq("if", "not", "exists")
		table, err := g.name("a table name")
		if err != nil {
			return err
		}
		o := op{kind: opCreateTable, table: table, ifExists: ifNotExists}
		o.cols, o.colsKnown = g.createColumns()
		st.ops = append(st.ops, o)
		// Foreign keys lock their parent tables (MySQL 8.0 extends the
		// metadata lock to them).
		for ; !g.eof(); g.i++ {
			if g.peek().is("references") {
				g.i++
				if parent, err := g.name("a table name"); err == nil {
					st.ops = append(st.ops, op{kind: opReference, table: parent})
				}
				g.i--
			}
		}
	case g.peek().is("index") || g.peekAt(1).is("index"):
		st.verb = "CREATE INDEX"
		g.accept("unique", "fulltext", "spatial", "online", "offline")
		g.i++ // index
		g.acceptSeq("if", "not", "exists")
		name, err := g.name("an index name")
		if err != nil {
			return err
		}
		for !g.eof() && !g.peek().is("on") {
			g.i++ // USING BTREE before ON
		}
		if !g.accept("on") {
			return g.errorf("expected ON after CREATE INDEX %s", name)
		}
		table, err := g.name("a table name")
		if err != nil {
			return err
		}
		st.ops = append(st.ops, op{kind: opCreateIndex, table: table, name: name})
		g.lockOptions(st)
	}
	return nil
}

// genericConstraintWords start a table element that is not a column.
var genericConstraintWords = wordSet(`constraint primary key index unique foreign fulltext spatial check`)

// createColumns reads the column list of CREATE TABLE name (...) from the
// current position, without consuming it; known is false for CREATE TABLE
// ... LIKE / AS SELECT, whose columns come from elsewhere.
func (g *gparser) createColumns() (cols []colDef, known bool) {
	if !g.peek().punct('(') {
		return nil, false
	}
	depth, start := 0, g.i+1
	for i := g.i; i < len(g.toks); i++ {
		t := g.toks[i]
		switch {
		case t.punct('('):
			depth++
		case t.punct(')') || t.punct(',') && depth == 1:
			if t.punct(')') {
				if depth--; depth > 0 {
					continue
				}
			}
			el := g.toks[start:i]
			start = i + 1
			if len(el) > 0 && el[0].is("like") {
				return nil, false
			}
			if len(el) > 0 && !(el[0].kind == tkWord && genericConstraintWords[el[0].val]) {
				notNull := false
				for j := 1; j+1 < len(el); j++ {
					notNull = notNull || el[j].is("not") && el[j+1].is("null") || el[j].is("primary")
				}
				cols = append(cols, colDef{name: el[0].val, typ: defText(el[1:]), notNull: notNull})
			}
			if depth == 0 {
				// anything after the list but table options: AS SELECT
				for _, u := range g.toks[i+1:] {
					if u.is("select") || u.is("as") || u.is("like") {
						return nil, false
					}
				}
				return cols, true
			}
		}
	}
	return nil, false
}

// lockOptions reads MySQL ALGORITHM= and LOCK= anywhere at the top level.
func (g *gparser) lockOptions(st *stmt) {
	g.topLevel(func(t token) {
		if !t.is("algorithm") && !t.is("lock") {
			return
		}
		if v := g.optionValue(); v.kind == tkWord {
			if t.is("algorithm") {
				st.algorithm = v.val
			} else {
				st.lock = v.val
			}
		}
	})
}

// topLevel calls fn for every token from the current one to the end of the
// statement that is not inside parentheses. fn may advance g.i past what it
// consumes.
func (g *gparser) topLevel(fn func(t token)) {
	depth := 0
	for ; !g.eof(); g.i++ {
		switch t := g.peek(); {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case depth == 0:
			fn(t)
		}
	}
}

// optionValue steps over an option's keyword and an optional "=", and
// returns the value token (KEY = value, or KEY value).
func (g *gparser) optionValue() token {
	g.i++
	if g.peek().punct('=') {
		g.i++
	}
	return g.peek()
}

func (g *gparser) drop(st *stmt) *parseError {
	g.i++
	g.accept("temporary")
	switch {
	case g.accept("table", "tables"):
		st.verb = "DROP TABLE"
		ifExists := g.acceptSeq("if", "exists")
		for {
			table, err := g.name("a table name")
			if err != nil {
				return err
			}
			st.ops = append(st.ops, op{kind: opDropTable, table: table, ifExists: ifExists})
			if !g.peek().punct(',') {
				return nil
			}
			g.i++
		}
	case g.accept("database", "schema"):
		what := "DROP " + strings.ToUpper(g.toks[g.i-1].val)
		st.verb = what
		g.acceptSeq("if", "exists")
		name, err := g.name("a database name")
		if err != nil {
			return err
		}
		st.ops = append(st.ops, op{kind: opDropSchema, name: name, what: what})
	case g.accept("index"):
		st.verb = "DROP INDEX"
		g.acceptSeq("if", "exists")
		name, err := g.name("an index name")
		if err != nil {
			return err
		}
		o := op{kind: opDropIndex, name: name}
		if g.accept("on") {
			if o.table, err = g.name("a table name"); err != nil {
				return err
			}
		}
		st.ops = append(st.ops, o)
		g.lockOptions(st)
	}
	return nil
}

func (g *gparser) rename(st *stmt) *parseError {
	g.i++
	if !g.accept("table", "tables") {
		return nil // RENAME USER
	}
	st.verb = "RENAME TABLE"
	for {
		from, to, err := g.renamePair("a table name", "RENAME TABLE")
		if err != nil {
			return err
		}
		st.ops = append(st.ops, op{kind: opRenameTable, table: from, to: to})
		if !g.peek().punct(',') {
			return nil
		}
		g.i++
	}
}

// renamePair reads `from TO to`, two names of the kind what, as in clause
// (RENAME TABLE, RENAME COLUMN).
func (g *gparser) renamePair(what, clause string) (from, to string, err *parseError) {
	if from, err = g.name(what); err != nil {
		return "", "", err
	}
	if !g.accept("to") {
		return "", "", g.errorf("expected TO after %s %s", clause, from)
	}
	if to, err = g.name(what); err != nil {
		return "", "", err
	}
	return from, to, nil
}

func (g *gparser) dml(st *stmt) *parseError {
	verb := g.peek().val
	g.i++
	st.kind = kindDML
	st.verb = map[string]string{"update": "UPDATE", "delete": "DELETE"}[verb]
	g.accept("low_priority")
	g.accept("quick")
	g.accept("ignore")
	if g.accept("or") {
		g.i++ // SQLite UPDATE OR IGNORE
	}
	g.accept("from")
	if t := g.peek(); t.kind == tkWord || t.kind == tkIdent {
		table, err := g.name("a table name")
		if err != nil {
			return err
		}
		st.dmlTable = table
	}
	if !g.hasTopLevel("where") && !g.hasTopLevel("limit") {
		st.unbounded = st.verb
	}
	return nil
}

func (g *gparser) alter(st *stmt) *parseError {
	g.i++
	g.accept("online")
	g.accept("ignore")
	if !g.accept("table") {
		return nil // ALTER VIEW, ALTER DATABASE, ...
	}
	st.verb = "ALTER TABLE"
	g.acceptSeq("if", "exists")
	table, err := g.name("a table name")
	if err != nil {
		return err
	}
	for !g.eof() {
		start := g.i
		depth := 0
		for ; !g.eof(); g.i++ {
			t := g.peek()
			if t.punct('(') {
				depth++
			} else if t.punct(')') {
				depth--
			} else if t.punct(',') && depth == 0 {
				break
			}
		}
		clause := &gparser{toks: g.toks[start:g.i], dialect: g.dialect, end: g.peek().off}
		if err := clause.alterClause(st, table); err != nil {
			return err
		}
		g.i++ // the comma
	}
	if len(st.ops) == 0 {
		st.ops = append(st.ops, op{kind: opAlterTable, table: table})
	}
	return nil
}

func (g *gparser) alterClause(st *stmt, table string) *parseError {
	if g.eof() {
		return g.errorf("expected an ALTER TABLE clause")
	}
	switch {
	case g.accept("add"):
		return g.alterAdd(st, table)
	case g.accept("drop"):
		if g.peek().is("index") || g.peek().is("key") || g.peek().is("primary") || g.peek().is("foreign") ||
			g.peek().is("constraint") || g.peek().is("check") || g.peek().is("partition") {
			st.ops = append(st.ops, op{kind: opAlterTable, table: table})
			return nil
		}
		g.accept("column")
		ifExists := g.acceptSeq("if", "exists")
		col, err := g.name("a column name")
		if err != nil {
			return err
		}
		st.ops = append(st.ops, op{kind: opDropColumn, table: table, column: col, ifExists: ifExists})
	case g.accept("rename"):
		switch {
		case g.accept("index", "key", "constraint"):
			st.ops = append(st.ops, op{kind: opAlterTable, table: table})
		case g.accept("to", "as"):
			to, err := g.name("a table name")
			if err != nil {
				return err
			}
			st.ops = append(st.ops, op{kind: opRenameTable, table: table, to: to})
		case g.accept("column") || (g.dialect == dialectSQLite && g.peekAt(1).is("to")):
			from, to, err := g.renamePair("a column name", "RENAME COLUMN")
			if err != nil {
				return err
			}
			st.ops = append(st.ops, op{kind: opRenameColumn, table: table, column: from, to: to})
		default:
			to, err := g.name("a table name")
			if err != nil {
				return err
			}
			st.ops = append(st.ops, op{kind: opRenameTable, table: table, to: to})
		}
	case g.accept("change"):
		g.accept("column")
		g.acceptSeq("if", "exists")
		from, err := g.name("a column name")
		if err != nil {
			return err
		}
		to, err := g.name("the new column name")
		if err != nil {
			return err
		}
		if from != to {
			st.ops = append(st.ops, op{kind: opRenameColumn, table: table, column: from, to: to})
		}
		st.ops = append(st.ops, op{kind: opAlterColumnType, table: table, column: to, redefine: true, typ: defText(g.toks[g.i:])})
	case g.accept("modify"):
		g.accept("column")
		g.acceptSeq("if", "exists")
		col, err := g.name("a column name")
		if err != nil {
			return err
		}
		st.ops = append(st.ops, op{kind: opAlterColumnType, table: table, column: col, redefine: true, typ: defText(g.toks[g.i:])})
	case g.peek().is("algorithm") || g.peek().is("lock"):
		g.lockOptions(st)
	case g.peek().kind == tkWord && mysqlTableOptions[g.peek().val]:
		g.tableOptions(st, table)
	default:
		st.ops = append(st.ops, op{kind: opAlterTable, table: table})
	}
	return nil
}

// mysqlTableOptions are the words an ALTER TABLE clause of table options
// (or CONVERT TO / FORCE) starts with. Options may follow one another
// without commas: ENGINE=InnoDB ROW_FORMAT=DYNAMIC.
var mysqlTableOptions = map[string]bool{
	"engine": true, "force": true, "convert": true, "default": true, "character": true, "charset": true,
	"collate": true, "row_format": true, "key_block_size": true, "auto_increment": true, "comment": true,
	"checksum": true, "pack_keys": true, "stats_persistent": true, "stats_auto_recalc": true,
	"stats_sample_pages": true, "max_rows": true, "min_rows": true, "avg_row_length": true,
	"compression": true, "encryption": true, "delay_key_write": true, "insert_method": true,
}

// engineNames spells the common storage engines as the manuals do.
var engineNames = map[string]string{"innodb": "InnoDB", "myisam": "MyISAM", "aria": "Aria", "rocksdb": "RocksDB", "memory": "MEMORY", "archive": "ARCHIVE"}

// tableOptions reads a clause of table options. ENGINE=, FORCE and CONVERT
// TO CHARACTER SET rebuild the whole table (opRebuild); the others, such as
// DEFAULT CHARACTER SET (the default for new columns only), do not.
func (g *gparser) tableOptions(st *stmt, table string) {
	before := len(st.ops)
	g.topLevel(func(t token) {
		switch {
		case t.is("force"):
			st.ops = append(st.ops, op{kind: opRebuild, table: table, what: "FORCE"})
		case t.is("engine"):
			engine := g.optionValue().val
			if n, ok := engineNames[engine]; ok {
				engine = n
			}
			st.ops = append(st.ops, op{kind: opRebuild, table: table, what: "ENGINE=" + engine})
		case t.is("convert") && g.peekAt(1).is("to"):
			g.i += 2
			g.acceptSeq("character", "set")
			g.accept("charset")
			if g.peek().punct('=') {
				g.i++
			}
			st.ops = append(st.ops, op{kind: opRebuild, table: table, what: "CONVERT TO CHARACTER SET " + g.peek().val})
		case t.is("algorithm") || t.is("lock"):
			g.lockOptions(st) // reads to the end of the clause
		}
	})
	if len(st.ops) == before {
		st.ops = append(st.ops, op{kind: opAlterTable, table: table})
	}
}

func (g *gparser) alterAdd(st *stmt, table string) *parseError {
	if g.accept("constraint") {
		if t := g.peek(); !t.is("foreign") && !t.is("unique") && !t.is("primary") && !t.is("check") {
			g.i++ // the constraint name
		}
	}
	switch {
	case g.accept("foreign"):
		st.ops = append(st.ops, op{kind: opAddForeignKey, table: table})
	case g.accept("check"):
		st.ops = append(st.ops, op{kind: opAddCheck, table: table})
	case g.accept("unique"):
		st.ops = append(st.ops, op{kind: opAddUnique, table: table})
	case g.accept("primary"):
		st.ops = append(st.ops, op{kind: opAddPrimaryKey, table: table})
	case g.accept("index", "key", "fulltext", "spatial"):
		st.ops = append(st.ops, op{kind: opCreateIndex, table: table})
	case g.accept("partition"):
		st.ops = append(st.ops, op{kind: opAlterTable, table: table})
	default:
		g.accept("column")
		if g.acceptSeq("if", "not", "exists") {
			defer func(n int) {
				for i := n; i < len(st.ops); i++ {
					st.ops[i].ifExists = true
				}
			}(len(st.ops))
		}
		if g.peek().punct('(') {
			// ADD (a INT, b INT): one column definition per top-level comma.
			g.i++
			for !g.eof() && !g.peek().punct(')') {
				o, err := g.columnDef(table, true)
				if err != nil {
					return err
				}
				st.ops = append(st.ops, o)
				if g.peek().punct(',') {
					g.i++
				}
			}
			return nil
		}
		o, err := g.columnDef(table, false)
		if err != nil {
			return err
		}
		st.ops = append(st.ops, o)
	}
	return nil
}

// columnDef reads `name type [attributes]` up to the end of the clause (or,
// inside a parenthesised list, up to the next top-level comma).
// defText is a column definition as the model compares it: its tokens,
// words lower-cased, one space apart.
func defText(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t.kind {
		case tkString:
			b.WriteString("'" + t.val + "'")
		case tkIdent:
			b.WriteString(strings.ToLower(t.val))
		default:
			b.WriteString(t.val)
		}
	}
	return b.String()
}

func (g *gparser) columnDef(table string, inList bool) (o op, perr *parseError) {
	col, err := g.name("a column name")
	if err != nil {
		return op{}, err
	}
	o = op{kind: opAddColumn, table: table, column: col}
	start := g.i
	defer func() { o.typ = defText(g.toks[start:g.i]) }()
	depth := 0
	for ; !g.eof(); g.i++ {
		t := g.peek()
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			if depth == 0 && inList {
				return o, nil
			}
			depth--
		case depth > 0:
		case t.punct(',') && inList:
			return o, nil
		case t.is("not") && g.peekAt(1).is("null"), t.is("primary"):
			o.notNull = true
		case t.is("default"), t.is("auto_increment"), t.is("autoincrement"), t.is("generated"),
			t.is("as") && g.peekAt(1).punct('('):
			o.hasDefault = true
		case t.is("serial") && g.i > 0 && g.toks[g.i-1].kind != tkPunct:
			o.hasDefault, o.notNull = true, true
		}
	}
	return o, nil
}

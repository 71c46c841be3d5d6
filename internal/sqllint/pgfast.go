package sqllint

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The PostgreSQL fast path. Compiling libpg_query's WebAssembly costs about
// a second and 250 MiB per run, while most migrations are made of a handful
// of plain statements (CREATE TABLE, CREATE INDEX, ALTER TABLE ADD COLUMN,
// SET lock_timeout, ...). pgFast reads those with a strict subset of
// PostgreSQL's grammar and produces exactly the stmt values libpg_query's
// tree would (TestPgFastAgrees and FuzzPgFastAgrees hold the two together).
// The subset only accepts what PostgreSQL accepts: anything outside it, even
// one statement, hands the whole file to libpg_query, which stays the judge
// of syntax errors.

// pgReserved are the keywords PostgreSQL accepts neither as a column nor as
// a table name when unquoted (reserved and type_func_name keywords).
var pgReserved = wordSet(`all analyse analyze and any array as asc asymmetric both case cast
check collate column constraint create current_catalog current_date current_role current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch
for foreign from grant group having in initially intersect into lateral leading limit localtime
localtimestamp not null offset on only or order placing primary references returning select
session_user some symmetric system_user table then to trailing true union unique user using
variadic when where window with
authorization binary collation concurrently cross current_schema freeze full ilike inner is
isnull join left like natural notnull outer overlaps right similar tablesample verbose`)

// pgColNameKeywords may name a column or table but not a generic type or a
// function; the fast path only accepts the ones that are type names it
// reads itself (pgBuiltinTypes).
var pgColNameKeywords = wordSet(`between bigint bit boolean char character coalesce dec decimal
exists extract float greatest grouping inout int integer interval json json_array json_arrayagg
json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value
least merge_action national nchar none normalize nullif numeric out overlay position precision
real row setof smallint substring time timestamp treat trim values varchar xmlattributes
xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize
xmltable`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// pgFast returns the file's statements when every one of them is inside
// the fast path's grammar; ok false means: ask libpg_query.
func pgFast(text string, toks []token, ls lines) (stmts []stmt, ok bool) {
	if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
		return nil, false // PostgreSQL rejects a NUL byte anywhere
	}
	var called map[string]bool
	for _, sp := range pgSplit(toks) {
		f := &pgf{gparser: gparser{toks: sp.toks, dialect: dialectPostgres, end: sp.end}, src: text}
		st, ok := f.statement()
		if !ok || !f.eof() {
			return nil, false
		}
		start := sp.toks[0].off
		st.line = ls.at(start)
		end := len(text) // libpg_query: the last statement without ';' runs to the end
		if sp.semicolon {
			end = sp.end - 1
		}
		st.endLine = ls.at(max(end-1, start))
		stmts = append(stmts, st)
		if f.body != nil {
			// A DO block, or a function the file calls, runs its body
			// during the migration (pgBodyStatements).
			if called == nil {
				called = pgCalledFunctions(toks)
			}
			inner, ok := f.bodyStatements(called, ls)
			if !ok {
				return nil, false
			}
			stmts = append(stmts, inner...)
		}
	}
	return stmts, true
}

type pgSpan struct {
	toks      []token
	end       int
	semicolon bool
}

// pgSplit cuts at every semicolon: the fast path accepts no statement with
// a body, so a semicolon is always a statement's end.
func pgSplit(toks []token) []pgSpan {
	var out []pgSpan
	var cur []token
	for _, t := range toks {
		if t.punct(';') {
			if len(cur) > 0 {
				out = append(out, pgSpan{toks: cur, end: t.off + 1, semicolon: true})
			}
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		out = append(out, pgSpan{toks: cur, end: cur[len(cur)-1].end})
	}
	return out
}

type pgf struct {
	gparser
	src   string
	sub   bool    // expressions may hold subqueries (PL/pgSQL conditions)
	body  *plBody // the statement was a DO or CREATE FUNCTION
	depth int     // nesting of operands and blocks being read
}

// pgMaxDepth bounds the nesting the fast path reads (parentheses, blocks),
// so a hostile file cannot exhaust the stack: deeper is libpg_query's.
const pgMaxDepth = 200

// nest enters one level of nesting; false: too deep.
func (f *pgf) nest() bool {
	f.depth++
	return f.depth <= pgMaxDepth
}

func (f *pgf) word(w string) bool { return f.accept(w) }

func (f *pgf) punct(c byte) bool {
	if f.peek().punct(c) {
		f.i++
		return true
	}
	return false
}

// ident reads a ColId: a quoted identifier or an unreserved word, ASCII and
// within NAMEDATALEN (longer names are truncated by the server: left to
// libpg_query and the identifier-length rule).
func (f *pgf) ident() (string, bool) {
	t := f.peek()
	switch t.kind {
	case tkIdent:
		if t.val == "" || len(t.val) > 63 || !isASCII(t.val) {
			return "", false
		}
	case tkWord:
		if pgReserved[t.val] || len(t.val) > 63 || !isASCII(t.val) {
			return "", false
		}
	default:
		return "", false
	}
	f.i++
	return t.val, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// qualified reads name[.name[.name]] and returns the last part.
func (f *pgf) qualified() (string, bool) {
	name, ok := f.ident()
	for n := 0; ok && n < 2 && f.peek().punct('.'); n++ {
		f.i++
		name, ok = f.ident()
	}
	return name, ok
}

func (f *pgf) identList() ([]string, bool) {
	if !f.punct('(') {
		return nil, false
	}
	var names []string
	for {
		n, ok := f.ident()
		if !ok {
			return nil, false
		}
		names = append(names, n)
		if f.punct(')') {
			return names, true
		}
		if !f.punct(',') {
			return nil, false
		}
	}
}

// pgFastStatements read a statement after its first word.
var pgFastStatements = map[string]func(*pgf, *stmt) bool{
	"create": (*pgf).create, "alter": (*pgf).alter, "drop": (*pgf).drop, "set": (*pgf).set,
	"comment": (*pgf).comment, "insert": (*pgf).insert,
}

func (f *pgf) statement() (stmt, bool) {
	var st stmt
	t := f.peek()
	if read, ok := pgFastStatements[t.val]; ok && t.kind == tkWord {
		f.i++
		return st, read(f, &st)
	}
	switch {
	case t.is("update"), t.is("delete"):
		return st, f.dml(&st)
	case t.is("begin"), t.is("commit"), t.is("rollback"), t.is("end"):
		f.i++
		st.verb = "TransactionStmt"
		st.txControl = map[string]string{"begin": "BEGIN", "commit": "COMMIT", "end": "COMMIT", "rollback": "ROLLBACK"}[t.val]
		f.accept("work", "transaction")
		return st, true
	case t.is("start"):
		f.i++
		st.verb, st.txControl = "TransactionStmt", "START TRANSACTION"
		return st, f.word("transaction")
	case t.is("do"):
		f.i++
		st.verb = "DoStmt"
		return st, f.do()
	case t.is("select"):
		// SELECT f(...): how a migration runs the function it creates.
		f.i++
		st.verb = "SelectStmt"
		for {
			if !f.expr() {
				return st, false
			}
			if !f.punct(',') {
				return st, true
			}
		}
	}
	return st, false
}

func (f *pgf) ifNotExists() bool { return f.acceptSeq("if", "not", "exists") }
func (f *pgf) ifExists() bool    { return f.acceptSeq("if", "exists") }

func (f *pgf) create(st *stmt) bool {
	orReplace := f.acceptSeq("or", "replace")
	switch {
	case f.word("function"):
		return f.createFunction(st)
	case f.word("trigger"):
		return f.createTrigger(st)
	case orReplace:
		return false
	}
	switch {
	case f.word("table"):
		st.verb = "CreateStmt"
		ifNotExists := f.ifNotExists()
		table, ok := f.qualified()
		if !ok {
			return false
		}
		cols, refs, ok := f.createTableBody()
		if !ok {
			return false
		}
		st.ddl("CREATE TABLE", op{kind: opCreateTable, table: table, ifExists: ifNotExists, cols: cols, colsKnown: true})
		st.ops = append(st.ops, refs...)
		return true
	case f.peek().is("unique") || f.peek().is("index"):
		return f.createIndex(st)
	case f.word("extension"):
		st.kind, st.verb = kindDDL, "CreateExtensionStmt"
		f.ifNotExists()
		if _, ok := f.ident(); !ok {
			return false
		}
		f.word("with")
		if f.word("schema") {
			if _, ok := f.ident(); !ok {
				return false
			}
		}
		return true
	case f.word("schema"):
		st.kind, st.verb = kindDDL, "CreateSchemaStmt"
		f.ifNotExists()
		_, ok := f.ident()
		return ok
	case f.word("type"):
		st.kind, st.verb = kindDDL, "CreateEnumStmt"
		if _, ok := f.qualified(); !ok || !f.acceptSeq("as", "enum") || !f.punct('(') {
			return false
		}
		if f.punct(')') {
			return true
		}
		for {
			if !f.plainString() {
				return false
			}
			if f.punct(')') {
				return true
			}
			if !f.punct(',') {
				return false
			}
		}
	}
	return false
}

// createTableBody reads the column and constraint list and returns an
// opReference per foreign key (pgReferences).
func (f *pgf) createTableBody() (cols []colDef, refs []op, ok bool) {
	if !f.punct('(') {
		return nil, nil, false
	}
	if f.punct(')') {
		return nil, nil, true
	}
	for {
		var ops []op
		var ok bool
		if f.startsTableConstraint() {
			var o op
			o, ok = f.tableConstraint("")
			ops = []op{o}
		} else {
			ops, ok = f.columnDef("")
		}
		if !ok {
			return nil, nil, false
		}
		for _, o := range ops {
			switch o.kind {
			case opAddForeignKey:
				refs = append(refs, op{kind: opReference, table: o.to})
			case opAddColumn:
				cols = append(cols, colDef{name: o.column, typ: o.typ, notNull: o.notNull})
			}
		}
		if f.punct(')') {
			return cols, refs, true
		}
		if !f.punct(',') {
			return nil, nil, false
		}
	}
}

func (f *pgf) startsTableConstraint() bool {
	t := f.peek()
	return t.is("constraint") || t.is("primary") || t.is("unique") || t.is("foreign") || t.is("check")
}

// columnDef reads `name type [COLLATE x] [constraints]` and returns the
// ADD COLUMN ops libpg_query's ColumnDef would give (pgAddColumn).
func (f *pgf) columnDef(table string) ([]op, bool) {
	col, ok := f.ident()
	if !ok {
		return nil, false
	}
	typ, ok := f.typeName()
	if !ok {
		return nil, false
	}
	o := op{kind: opAddColumn, table: table, column: col, typ: typ}
	var extra []op
	if pgSerialTypes[typ] {
		o.hasDefault, o.notNull, o.volatile = true, true, typ+" (nextval)"
	}
	if f.word("collate") {
		if _, ok := f.qualified(); !ok {
			return nil, false
		}
	}
	for {
		conname := ""
		if f.word("constraint") {
			if conname, ok = f.ident(); !ok {
				return nil, false
			}
		}
		switch {
		case f.acceptSeq("not", "null"):
			o.notNull = true
		case f.word("null"):
		case f.word("unique"):
			extra = append(extra, op{kind: opAddUnique, table: table, name: conname, column: col})
		case f.acceptSeq("primary", "key"):
			o.notNull = true
			extra = append(extra, op{kind: opAddPrimaryKey, table: table, name: conname, column: col})
		case f.word("default"):
			o.hasDefault = true
			fn, ok := f.defaultExpr()
			if !ok {
				return nil, false
			}
			if pgVolatileFuncs[fn] && o.volatile == "" {
				o.volatile = fn + "()"
			}
		case f.word("references"):
			parent, ok := f.referencesTail()
			if !ok {
				return nil, false
			}
			// An inline REFERENCES is a foreign key like any other; `to`
			// carries the parent for CREATE TABLE's opReference.
			extra = append(extra, op{kind: opAddForeignKey, table: table, name: conname, column: col, to: parent})
		case f.word("generated"):
			always := f.word("always")
			if !always && !f.acceptSeq("by", "default") || !f.word("as") {
				return nil, false
			}
			switch {
			case f.word("identity"):
				o.hasDefault, o.volatile = true, "GENERATED ... AS IDENTITY"
			case always && f.parenExpr() && f.word("stored"):
				o.hasDefault, o.volatile = true, "GENERATED ALWAYS AS (...) STORED"
			default:
				return nil, false
			}
		case f.word("check"):
			if !f.parenExpr() {
				return nil, false
			}
		default:
			if conname != "" {
				return nil, false
			}
			return append([]op{o}, extra...), true
		}
	}
}

// referencesTail reads `table [(col)] [ON DELETE|UPDATE action]...` and
// returns the table.
func (f *pgf) referencesTail() (string, bool) {
	parent, ok := f.qualified()
	if !ok {
		return "", false
	}
	if f.peek().punct('(') {
		if _, ok := f.identList(); !ok {
			return "", false
		}
	}
	for f.word("on") {
		if !f.word("delete") && !f.word("update") {
			return "", false
		}
		switch {
		case f.word("cascade"), f.word("restrict"):
		case f.acceptSeq("no", "action"), f.acceptSeq("set", "null"), f.acceptSeq("set", "default"):
		default:
			return "", false
		}
	}
	return parent, true
}

// tableConstraint reads a PRIMARY KEY, UNIQUE or FOREIGN KEY table
// constraint (CHECK and EXCLUDE hold expressions: libpg_query reads those).
func (f *pgf) tableConstraint(table string) (op, bool) {
	o := op{table: table}
	if f.word("constraint") {
		var ok bool
		if o.name, ok = f.ident(); !ok {
			return o, false
		}
	}
	switch {
	case f.acceptSeq("primary", "key"):
		o.kind = opAddPrimaryKey
	case f.word("unique"):
		o.kind = opAddUnique
	case f.word("check"):
		o.kind = opAddCheck
		if !f.parenExpr() {
			return o, false
		}
		o.notValid = table != "" && f.acceptSeq("not", "valid")
		return o, true
	case f.acceptSeq("foreign", "key"):
		o.kind = opAddForeignKey
		if _, ok := f.identList(); !ok || !f.word("references") {
			return o, false
		}
		parent, ok := f.referencesTail()
		if !ok {
			return o, false
		}
		if table == "" {
			o.to = parent // CREATE TABLE: only the opReference is kept
		}
		o.notValid = table != "" && f.acceptSeq("not", "valid")
		return o, true
	default:
		return o, false
	}
	if table != "" && f.acceptSeq("using", "index") {
		_, ok := f.ident()
		o.usingIndex = true
		return o, ok
	}
	_, ok := f.identList()
	return o, ok
}

// pgBuiltinTypes are the type names the grammar spells with keywords, with
// the internal name libpg_query gives them and whether a (precision) may
// follow.
var pgBuiltinTypes = map[string]struct {
	internal string
	mods     bool
}{
	"bigint": {"int8", false}, "smallint": {"int2", false}, "int": {"int4", false}, "integer": {"int4", false},
	"boolean": {"bool", false}, "real": {"float4", false}, "float": {"float8", true}, "decimal": {"numeric", true},
	"dec": {"numeric", true}, "numeric": {"numeric", true}, "varchar": {"varchar", true}, "char": {"bpchar", true},
	"character": {"bpchar", true}, "json": {"json", false},
}

// typeName reads a column type and returns it as typeString spells
// libpg_query's TypeName ("int8", "varchar(256)", "timestamptz(3)",
// "text[]"). Its first word is the name as written for serial detection.
func (f *pgf) typeName() (string, bool) {
	t := f.peek()
	if t.kind != tkWord && t.kind != tkIdent {
		return "", false
	}
	var name string
	var mods []string
	switch {
	case t.kind == tkWord && (t.val == "timestamp" || t.val == "time"):
		f.i++
		name = t.val
		if f.peek().punct('(') {
			if mods = f.modifiers(1); mods == nil {
				return "", false
			}
		}
		if f.word("with") {
			if !f.acceptSeq("time", "zone") {
				return "", false
			}
			name += "tz"
		} else if f.word("without") && !f.acceptSeq("time", "zone") {
			return "", false
		}
	case t.kind == tkWord && t.val == "double":
		f.i++
		if !f.word("precision") {
			return "", false
		}
		name = "float8"
	case t.kind == tkWord && pgColNameKeywords[t.val]:
		b, builtin := pgBuiltinTypes[t.val]
		if !builtin {
			return "", false
		}
		f.i++
		name = b.internal
		if (t.val == "character" || t.val == "char") && f.word("varying") {
			name = "varchar"
		}
		if f.peek().punct('(') {
			if !b.mods {
				return "", false
			}
			if mods = f.modifiers(2); mods == nil {
				return "", false
			}
		}
		switch {
		case name == "bpchar" && mods == nil:
			mods = []string{"1"} // the grammar's CHAR without a length is char(1)
		case t.val == "float":
			if len(mods) > 1 {
				return "", false
			}
			if len(mods) == 1 {
				p, _ := strconv.Atoi(mods[0])
				if p < 1 || p > 53 {
					return "", false
				}
				if p <= 24 {
					name = "float4"
				}
			}
			mods = nil
		}
	default:
		// A generic type name: an identifier, optionally schema-qualified,
		// with numeric modifiers (varchar-like extension types, numeric).
		var ok bool
		if name, ok = f.qualified(); !ok {
			return "", false
		}
		if f.peek().punct('(') {
			if mods = f.modifiers(2); mods == nil {
				return "", false
			}
		}
	}
	typ := name
	if mods != nil {
		typ += "(" + strings.Join(mods, ",") + ")"
	}
	for f.peek().punct('[') {
		f.i++
		if f.peek().kind == tkNumber {
			if !f.integer() {
				return "", false
			}
		}
		if !f.punct(']') {
			return "", false
		}
		typ += "[]"
	}
	return typ, true
}

// modifiers reads `(n[, m])` with at most limit integers; nil: not that.
func (f *pgf) modifiers(limit int) []string {
	f.i++ // (
	var out []string
	for n := 0; n < limit; n++ {
		t := f.peek()
		if !f.integer() {
			return nil
		}
		n, err := strconv.Atoi(t.val)
		if err != nil || n > 1<<30 {
			return nil
		}
		out = append(out, strconv.Itoa(n))
		if f.punct(')') {
			return out
		}
		if !f.punct(',') {
			return nil
		}
	}
	return nil
}

func (f *pgf) integer() bool {
	t := f.peek()
	if t.kind != tkNumber || !allDigits(t.val) {
		return false
	}
	f.i++
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDecimal(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	if !dot {
		return allDigits(s)
	}
	return (whole == "" || allDigits(whole)) && (frac == "" || allDigits(frac)) && whole+frac != ""
}

// plainString reads one standard string constant ('...' or $$...$$; not
// E”, U&” or a continuation across lines, which have rules of their own).
func (f *pgf) plainString() bool {
	t := f.peek()
	if t.kind != tkString || f.src[t.off] == 'e' || f.src[t.off] == 'E' {
		return false
	}
	f.i++
	return f.peek().kind != tkString
}

// literal reads a constant: a string, a number, TRUE, FALSE or NULL.
func (f *pgf) literal() bool {
	t := f.peek()
	switch {
	case t.kind == tkString:
		return f.plainString()
	case t.kind == tkNumber && isDecimal(t.val):
		f.i++
		return true
	case t.punct('-') && f.peekAt(1).kind == tkNumber && isDecimal(f.peekAt(1).val):
		f.i += 2
		return true
	case t.is("true"), t.is("false"), t.is("null"):
		f.i++
		return true
	}
	return false
}

// pgValueFunctions are the SQL-standard value functions written without
// parentheses; none is volatile.
var pgValueFunctions = wordSet(`current_timestamp current_date localtimestamp current_user`)

// defaultExpr reads the simple defaults migrations use: a constant, a call
// of a plain function with constant arguments (now(), gen_random_uuid(),
// nextval('s')), CURRENT_TIMESTAMP, each with optional ::type casts and
// parentheses. It returns the function called, if any.
func (f *pgf) defaultExpr() (fn string, ok bool) {
	depth := 0
	for f.punct('(') {
		depth++
	}
	t := f.peek()
	switch {
	case f.literal():
	case t.kind == tkWord && pgValueFunctions[t.val]:
		f.i++
	case t.kind == tkWord && f.peekAt(1).punct('('):
		if pgReserved[t.val] || pgColNameKeywords[t.val] || !isASCII(t.val) {
			return "", false
		}
		f.i += 2
		fn = t.val
		if !f.punct(')') {
			for {
				if !f.literal() || !f.casts() {
					return "", false
				}
				if f.punct(')') {
					break
				}
				if !f.punct(',') {
					return "", false
				}
			}
		}
	default:
		return "", false
	}
	if !f.casts() {
		return "", false
	}
	for ; depth > 0; depth-- {
		if !f.punct(')') || !f.casts() {
			return "", false
		}
	}
	return fn, true
}

// casts reads any number of `::type`.
func (f *pgf) casts() bool {
	for f.peek().punct(':') && f.peekAt(1).punct(':') {
		f.i += 2
		if _, ok := f.typeName(); !ok {
			return false
		}
	}
	return true
}

func (f *pgf) createIndex(st *stmt) bool {
	st.verb = "IndexStmt"
	f.word("unique")
	if !f.word("index") {
		return false
	}
	o := op{kind: opCreateIndex}
	o.concurrently = f.word("concurrently")
	if f.ifNotExists() {
		name, ok := f.ident()
		if !ok {
			return false
		}
		o.name = name
	} else if !f.peek().is("on") {
		name, ok := f.ident()
		if !ok {
			return false
		}
		o.name = name
	}
	if !f.word("on") {
		return false
	}
	f.word("only")
	table, ok := f.qualified()
	if !ok {
		return false
	}
	o.table = table
	if f.word("using") {
		if _, ok := f.ident(); !ok {
			return false
		}
	}
	if !f.punct('(') {
		return false
	}
	for {
		switch t := f.peek(); {
		case t.punct('('):
			if !f.parenExpr() {
				return false
			}
		case f.peekAt(1).punct('('):
			if !f.operand() {
				return false
			}
		default:
			if _, ok := f.ident(); !ok {
				return false
			}
		}
		f.accept("asc", "desc")
		if f.word("nulls") && !f.word("first") && !f.word("last") {
			return false
		}
		if f.punct(')') {
			break
		}
		if !f.punct(',') {
			return false
		}
	}
	if f.word("include") {
		if _, ok := f.identList(); !ok {
			return false
		}
	}
	if f.word("where") && !f.expr() {
		return false
	}
	st.ddl("CREATE INDEX", o)
	if o.concurrently {
		st.noTx, st.noTxWhat = true, "CREATE INDEX CONCURRENTLY"
	}
	return true
}

func (f *pgf) drop(st *stmt) bool {
	st.kind, st.verb = kindDDL, "DROP"
	kind := opKind(0)
	switch {
	case f.word("table"):
		kind, st.verb = opDropTable, "DROP TABLE"
	case f.word("index"):
		kind, st.verb = opDropIndex, "DROP INDEX"
	case f.word("trigger"):
		f.ifExists()
		_, ok1 := f.ident()
		ok2 := f.word("on")
		_, ok3 := f.qualified()
		f.accept("cascade", "restrict")
		return ok1 && ok2 && ok3
	case f.word("function"):
		return f.dropFunction()
	case f.word("view"), f.word("sequence"), f.word("type"), f.acceptSeq("materialized", "view"):
	default:
		return false
	}
	concurrently := kind == opDropIndex && f.word("concurrently")
	if concurrently {
		st.noTx, st.noTxWhat = true, "DROP INDEX CONCURRENTLY"
	}
	ifExists := f.ifExists()
	for {
		name, ok := f.qualified()
		if !ok {
			return false
		}
		switch kind {
		case opDropTable:
			st.ops = append(st.ops, op{kind: kind, table: name, ifExists: ifExists})
		case opDropIndex:
			st.ops = append(st.ops, op{kind: kind, name: name, concurrently: concurrently, ifExists: ifExists})
		}
		if !f.punct(',') {
			break
		}
	}
	f.accept("cascade", "restrict")
	return true
}

func (f *pgf) alter(st *stmt) bool {
	switch {
	case f.word("table"):
	case f.word("type"):
		return f.alterType(st)
	default:
		return false
	}
	st.kind, st.verb = kindDDL, "ALTER TABLE"
	tableIfExists := f.ifExists()
	f.word("only")
	table, ok := f.qualified()
	if !ok {
		return false
	}
	defer func() {
		for i := range st.ops {
			st.ops[i].ifExists = st.ops[i].ifExists || tableIfExists
		}
	}()
	if f.word("rename") {
		st.verb = "ALTER ... RENAME"
		switch {
		case f.word("to"):
			to, ok := f.ident()
			st.ops = append(st.ops, op{kind: opRenameTable, table: table, to: to})
			return ok
		case f.word("constraint"):
			_, ok1 := f.ident()
			ok2 := f.word("to")
			_, ok3 := f.ident()
			return ok1 && ok2 && ok3
		}
		f.word("column")
		from, ok1 := f.ident()
		ok2 := f.word("to")
		to, ok3 := f.ident()
		st.ops = append(st.ops, op{kind: opRenameColumn, table: table, column: from, to: to})
		return ok1 && ok2 && ok3
	}
	for {
		ops, ok := f.alterCmd(table)
		if !ok {
			return false
		}
		st.ops = append(st.ops, ops...)
		if !f.punct(',') {
			return true
		}
	}
}

func (f *pgf) alterCmd(table string) ([]op, bool) {
	other := []op{{kind: opAlterTable, table: table}}
	switch {
	case f.word("add"):
		if f.startsTableConstraint() {
			o, ok := f.tableConstraint(table)
			return []op{o}, ok
		}
		f.word("column")
		ifNotExists := f.ifNotExists()
		ops, ok := f.columnDef(table)
		for i := range ops {
			ops[i].ifExists = ifNotExists
		}
		return ops, ok
	case f.word("drop"):
		if f.word("constraint") {
			other[0].ifExists = f.ifExists()
			_, ok := f.ident()
			f.accept("cascade", "restrict")
			return other, ok
		}
		f.word("column")
		ifExists := f.ifExists()
		col, ok := f.ident()
		f.accept("cascade", "restrict")
		return []op{{kind: opDropColumn, table: table, column: col, ifExists: ifExists}}, ok
	case f.acceptSeq("validate", "constraint"):
		_, ok := f.ident()
		return other, ok
	case f.word("alter"):
		f.word("column")
		col, ok := f.ident()
		if !ok {
			return nil, false
		}
		switch {
		case f.acceptSeq("set", "not", "null"):
			return []op{{kind: opSetNotNull, table: table, column: col}}, true
		case f.acceptSeq("drop", "not", "null"):
			return []op{{kind: opDropNotNull, table: table, column: col}}, true
		case f.acceptSeq("drop", "default"):
			return other, true
		case f.acceptSeq("set", "default"):
			_, ok := f.defaultExpr()
			return other, ok
		case f.acceptSeq("set", "data", "type"), f.word("type"):
			typ, ok := f.typeName()
			if !ok || f.peek().is("using") {
				return nil, false
			}
			if f.word("collate") {
				if _, ok := f.qualified(); !ok {
					return nil, false
				}
			}
			return []op{{kind: opAlterColumnType, table: table, column: col, typ: typ}}, true
		}
	}
	return nil, false
}

func (f *pgf) alterType(st *stmt) bool {
	st.kind, st.verb = kindDDL, "ALTER TYPE"
	typ, ok := f.qualified()
	if !ok {
		return false
	}
	switch {
	case f.acceptSeq("add", "value"):
		f.ifNotExists()
		val := f.peek()
		if !f.plainString() || pgStringValue(val) == "" {
			return false // an empty label: libpg_query's tree reads as no value
		}
		o := op{kind: opAddEnumValue, name: typ, to: pgStringValue(val)}
		if f.word("before") || f.word("after") {
			o.positioned = true
			if !f.plainString() {
				return false
			}
		}
		st.ops = append(st.ops, o)
		return true
	case f.acceptSeq("rename", "value"):
		from, to := f.peek(), f.peekAt(2)
		if !f.plainString() || !f.word("to") || !f.plainString() || pgStringValue(from) == "" || pgStringValue(to) == "" {
			return false
		}
		st.ops = append(st.ops, op{kind: opRenameEnumValue, name: typ, column: pgStringValue(from), to: pgStringValue(to)})
		return true
	}
	return false
}

// pgStringValue is the value of a plain string token.
func pgStringValue(t token) string {
	if strings.HasPrefix(t.val, "$") {
		tag := t.val[:strings.IndexByte(t.val[1:], '$')+2]
		return strings.TrimSuffix(strings.TrimPrefix(t.val, tag), tag)
	}
	return strings.ReplaceAll(t.val, "''", "'")
}

func (f *pgf) set(st *stmt) bool {
	st.kind, st.verb = kindSet, "VariableSetStmt"
	f.accept("session", "local")
	t := f.peek()
	if t.is("time") || t.is("session") || t.is("role") || t.is("transaction") || t.is("constraints") || t.is("names") {
		return false
	}
	name, ok := f.ident()
	if !ok {
		return false
	}
	for f.punct('.') {
		part, ok := f.ident()
		if !ok {
			return false
		}
		name += "." + part
	}
	st.setsLockTimeout = name == "lock_timeout"
	st.setsStmtTimeout = name == "statement_timeout"
	if !f.word("to") && !f.punct('=') {
		return false
	}
	if f.word("default") {
		return true
	}
	for {
		v := f.peek()
		switch {
		case v.kind == tkString:
			if !f.plainString() {
				return false
			}
		case v.kind == tkNumber || v.punct('-'):
			if !f.literal() {
				return false
			}
		default:
			if _, ok := f.ident(); !ok {
				return false
			}
		}
		if !f.punct(',') {
			return true
		}
	}
}

func (f *pgf) comment(st *stmt) bool {
	st.kind, st.verb = kindDDL, "CommentStmt"
	if !f.word("on") {
		return false
	}
	var ok bool
	switch {
	case f.word("schema"):
		_, ok = f.ident()
	case f.word("table"), f.word("index"), f.word("view"), f.word("type"), f.word("column"):
		_, ok = f.qualified()
	}
	if !ok || !f.word("is") {
		return false
	}
	return f.word("null") || f.plainString()
}

// insert reads INSERT INTO t [(cols)] VALUES (constants), ... [ON CONFLICT
// DO NOTHING]: seed rows.
func (f *pgf) insert(st *stmt) bool {
	st.verb = "InsertStmt"
	if !f.word("into") {
		return false
	}
	if _, ok := f.qualified(); !ok {
		return false
	}
	if f.peek().punct('(') {
		if _, ok := f.identList(); !ok {
			return false
		}
	}
	if !f.word("values") {
		return false
	}
	for {
		if !f.punct('(') {
			return false
		}
		for {
			if _, ok := f.defaultExpr(); !ok {
				return false
			}
			if f.punct(')') {
				break
			}
			if !f.punct(',') {
				return false
			}
		}
		if !f.punct(',') {
			break
		}
	}
	if f.acceptSeq("on", "conflict") {
		if f.peek().punct('(') {
			if _, ok := f.identList(); !ok {
				return false
			}
		}
		return f.acceptSeq("do", "nothing")
	}
	return true
}

// dml reads UPDATE t SET col = expr, ... [WHERE expr] and DELETE FROM t
// [WHERE expr].
func (f *pgf) dml(st *stmt) bool {
	st.kind = kindDML
	st.verb = "UPDATE"
	if f.word("delete") {
		st.verb = "DELETE"
		if !f.word("from") {
			return false
		}
	} else {
		f.i++ // update
	}
	f.word("only")
	table, ok := f.qualified()
	if !ok {
		return false
	}
	st.dmlTable = table
	if st.verb == "UPDATE" {
		if !f.word("set") {
			return false
		}
		for {
			if _, ok := f.ident(); !ok || !f.punct('=') || !f.expr() {
				return false
			}
			if !f.punct(',') {
				break
			}
		}
	}
	if f.word("where") {
		return f.expr()
	}
	st.unbounded = st.verb
	return true
}

func (f *pgf) parenExpr() bool {
	return f.punct('(') && f.expr() && f.punct(')')
}

// pgOperators are the binary operators the expression subset reads; each
// must be written without spaces inside and be followed by a space or a
// non-operator character (PostgreSQL lexes a run of operator characters
// as one operator).
var pgOperators = wordSet(`= < > <= >= <> != + - * / % ||`)

const pgOpChars = "+-*/<>=~!@#%^&|`?"

// operator consumes one binary operator from pgOperators.
func (f *pgf) operator() bool {
	t := f.peek()
	if t.kind != tkPunct || !strings.Contains(pgOpChars, t.val) {
		return false
	}
	n, text := 1, t.val
	for n < 3 {
		u := f.peekAt(n)
		if u.kind != tkPunct || !strings.Contains(pgOpChars, u.val) || u.off != f.peekAt(n-1).end {
			break
		}
		text += u.val
		n++
	}
	if !pgOperators[text] {
		return false
	}
	f.i += n
	return true
}

// expr reads a boolean or arithmetic expression over columns, constants and
// plain function calls: operand (operator operand)*, with NOT, IS [NOT]
// NULL and [NOT] IN (list). Subqueries and special forms are left to
// libpg_query.
func (f *pgf) expr() bool {
	for {
		for f.word("not") {
		}
		if !f.operand() {
			return false
		}
		for {
			if f.word("is") {
				f.word("not")
				if f.word("distinct") {
					if !f.word("from") || !f.operand() {
						return false
					}
					continue
				}
				if !f.accept("null", "true", "false") {
					return false
				}
				continue
			}
			if n := f.peekAt(1); f.peek().is("not") && (n.is("in") || n.is("between") || n.is("like") || n.is("ilike")) {
				f.i++
			}
			if f.accept("like", "ilike") {
				if !f.operand() {
					return false
				}
				continue
			}
			if f.word("between") {
				if !f.operand() || !f.word("and") || !f.operand() {
					return false
				}
				continue
			}
			if f.word("in") {
				if f.startsSubquery() {
					if !f.subquery() {
						return false
					}
				} else if !f.punct('(') || !f.listTail(f.expr) {
					return false
				}
				continue
			}
			break
		}
		if !f.operator() && !f.accept("and", "or") {
			return true
		}
	}
}

func (f *pgf) operand() bool {
	defer func() { f.depth-- }()
	if !f.nest() {
		return false
	}
	t := f.peek()
	switch {
	case f.sub && t.is("exists") && f.peekAt(1).punct('('):
		f.i++
		return f.subquery()
	case f.startsSubquery():
		if !f.subquery() {
			return false
		}
	case t.is("current_schema"):
		f.i++
		if f.peek().punct('(') && f.peekAt(1).punct(')') {
			f.i += 2
		}
	case t.punct('('):
		if !f.parenExpr() {
			return false
		}
	case t.punct('-') && f.peekAt(1).kind != tkPunct:
		f.i++
		return f.operand()
	case f.literal():
	case t.kind == tkWord && pgValueFunctions[t.val]:
		f.i++
	case t.kind == tkWord && f.peekAt(1).kind == tkString && (t.val == "interval" || t.val == "timestamp" ||
		!pgReserved[t.val] && !pgColNameKeywords[t.val] && isASCII(t.val)):
		// A typed constant: interval '30 days', date '2024-01-01'.
		f.i++
		if !f.plainString() {
			return false
		}
	case (t.kind == tkWord || t.kind == tkIdent) && f.peekAt(1).punct('('):
		if t.kind == tkWord && (pgReserved[t.val] || pgColNameKeywords[t.val]) || !isASCII(t.val) {
			return false
		}
		f.i += 2
		if f.sub && f.peek().punct('*') && f.peekAt(1).punct(')') {
			f.i += 2 // count(*)
		} else if !f.punct(')') && !f.listTail(f.expr) {
			return false
		}
	default:
		// A column: col_name keywords (timestamp, row, values, ...) start
		// special forms here, so only plain names are read.
		if t.kind == tkWord && pgColNameKeywords[t.val] {
			return false
		}
		at := f.i
		if _, ok := f.qualified(); !ok {
			return false
		}
		if f.i-at > 1 && f.punct('(') && !f.punct(')') && !f.listTail(f.expr) {
			return false // schema.function(...)
		}
	}
	return f.casts()
}

// listTail reads `item, item, ... )` after an opening parenthesis.
func (f *pgf) listTail(item func() bool) bool {
	for {
		if !item() {
			return false
		}
		if f.punct(')') {
			return true
		}
		if !f.punct(',') {
			return false
		}
	}
}

package sqllint

import "strings"

// PL/pgSQL on the fast path. DO blocks and functions are common in real
// migration histories (guards such as IF NOT EXISTS (SELECT ...) THEN
// CREATE TYPE ...; END IF;, EXCEPTION WHEN duplicate_object THEN NULL;),
// and handing them to libpg_query costs its WebAssembly compile. plReader
// reads a strict subset of PL/pgSQL: blocks with simple declarations, IF /
// ELSIF / ELSE, the SQL statements the fast path reads, EXECUTE of one
// string literal, PERFORM, RAISE, RETURN, NULL and assignments. It yields
// exactly the queries (text and body line) that libpg_query's PL/pgSQL
// tree gives walkPlpgsql, and plStatements places their statements the
// same way for both paths (TestPgFastAgrees, FuzzPgFastAgrees). Loops,
// cursors, labels, dynamic EXECUTE, GET DIAGNOSTICS and anything else
// hand the whole file to libpg_query, which stays the judge of syntax.

// plBody is the body a DO or CREATE FUNCTION read by the fast path carries.
type plBody struct {
	lit      token // the body string
	plpgsql  bool
	function string   // CREATE FUNCTION: its name (last part); "" for DO
	params   []string // named parameters: variables of the body
	trigger  bool     // RETURNS trigger: NEW and OLD are records
}

// plQuery is one SQL text a body runs, with its line in the body (1: the
// line the body string starts on).
type plQuery struct {
	text   string
	lineno int
}

// plStatements parses the queries of a body starting on file line first
// and places their statements on the file's lines. parse returns a
// query's statements or why it has none.
func plStatements(queries []plQuery, first int, parse func(string) ([]stmt, string)) ([]stmt, string) {
	var out []stmt
	for _, q := range queries {
		inner, err := parse(q.text)
		if err != "" {
			return nil, err
		}
		for _, in := range inner {
			in.line += first + q.lineno - 2
			in.endLine += first + q.lineno - 2
			out = append(out, in)
		}
	}
	return out, ""
}

// pgFastOnly parses a query of a body with the fast path alone; an error
// means the fast path declined it.
func pgFastOnly(q string) ([]stmt, string) {
	toks, _, err := lex(dialectPostgres, q)
	if err != nil {
		return nil, "lex"
	}
	stmts, ok := pgFast(q, toks, newLines(q))
	if !ok {
		return nil, "declined"
	}
	return stmts, ""
}

// bodyStatements returns the statements a DO block or a called PL/pgSQL
// function read by the fast path runs; ok false: ask libpg_query.
func (f *pgf) bodyStatements(called map[string]bool, ls lines) ([]stmt, bool) {
	b := f.body
	if !b.plpgsql || b.function != "" && !called[b.function] {
		return nil, true // libpg_query does not read the body either
	}
	if b.lit.val == "" || b.lit.val[0] != '$' {
		return nil, false // a quoted body: its text is not the file's
	}
	tag := b.lit.val[:strings.IndexByte(b.lit.val[1:], '$')+2]
	start, end := b.lit.off+len(tag), b.lit.end-len(tag)
	code := f.src[start:end]
	if strings.Contains(code, "$schemagate_do$") {
		return nil, false
	}
	toks, _, err := lex(dialectPostgres, code)
	if err != nil {
		return nil, false
	}
	r := &plReader{pgf: &pgf{gparser: gparser{toks: toks, dialect: dialectPostgres, end: len(code)}, src: code, sub: true},
		codeLines: newLines(code), trigger: b.trigger}
	fn := map[string]int{"found": plVar}
	for _, p := range b.params {
		// A parameter named like a keyword turns that keyword, at the
		// start of a statement, into the variable (PL/pgSQL looks names
		// up first).
		if plKeywords[strings.ToLower(p)] || plSQLStarts[strings.ToLower(p)] {
			return nil, false
		}
		fn[p] = plVar
	}
	r.scopes = []map[string]int{fn}
	if !r.block() {
		return nil, false
	}
	r.punct(';')
	if !r.eof() {
		return nil, false
	}
	stmts, bad := plStatements(r.out, ls.at(b.lit.off), pgFastOnly)
	return stmts, bad == ""
}

const (
	plVar = iota + 1
	plConst
)

type plReader struct {
	*pgf
	codeLines lines
	trigger   bool
	scopes    []map[string]int // declared names, innermost last
	out       []plQuery
}

// plKeywords are PL/pgSQL's reserved and unreserved keywords: none of them
// is accepted as a variable name here.
var plKeywords = wordSet(`all begin by case declare else end execute for foreach from if in into loop
not null or strict then to using when while absolute alias and array assert backward call chain close
collate column column_name commit constant constraint constraint_name continue current cursor datatype
debug default detail diagnostics do dump elseif elsif errcode error exception exit fetch first forward
get hint import info insert is last log merge message message_text move next no notice open option
perform pg_context pg_datatype_name pg_exception_context pg_exception_detail pg_exception_hint
pg_routine_oid print_strict_params prior query raise relative return returned_sqlstate reverse
rollback row_count rowtype schema schema_name scroll slice sqlstate stacked table table_name type
use_column use_variable variable_conflict warning new old found sqlerrm`)

// plSQLStarts are the first words of the embedded SQL statements read
// here: the fast path's statements that PL/pgSQL runs as SQL (not its own
// COMMIT, ROLLBACK or a SELECT without INTO).
var plSQLStarts = wordSet(`create alter drop comment insert update delete set`)

// plConditions are the exception condition names accepted (PostgreSQL's
// list is longer: an unknown name goes to libpg_query, which knows them all).
var plConditions = wordSet(`others duplicate_object duplicate_table duplicate_column duplicate_function
duplicate_schema duplicate_database duplicate_alias undefined_object undefined_table undefined_column
undefined_function undefined_parameter invalid_schema_name unique_violation foreign_key_violation
check_violation not_null_violation exclusion_violation integrity_constraint_violation
insufficient_privilege feature_not_supported wrong_object_type object_in_use lock_not_available
dependent_objects_still_exist invalid_table_definition invalid_object_definition
invalid_parameter_value invalid_text_representation data_exception raise_exception syntax_error
query_canceled read_only_sql_transaction division_by_zero invalid_column_reference
invalid_column_definition invalid_schema_definition cardinality_violation`)

func (r *plReader) lookup(name string) int {
	for i := len(r.scopes) - 1; i >= 0; i-- {
		if k, ok := r.scopes[i][name]; ok {
			return k
		}
	}
	return 0
}

// block reads [DECLARE declarations] BEGIN statements [EXCEPTION WHEN
// conditions THEN statements ...] END.
func (r *plReader) block() bool {
	defer func() { r.depth-- }()
	if !r.nest() {
		return false
	}
	scope := map[string]int{}
	r.scopes = append(r.scopes, scope)
	defer func() { r.scopes = r.scopes[:len(r.scopes)-1] }()
	if r.word("declare") {
		for !r.peek().is("begin") {
			if !r.word("declare") && !r.declaration(scope) {
				return false
			}
		}
	}
	if !r.word("begin") {
		return false
	}
	endsBody := func(t token) bool { return t.is("end") || t.is("exception") }
	if !r.statements(endsBody) {
		return false
	}
	if r.word("exception") {
		if !r.peek().is("when") {
			return false
		}
		for r.word("when") {
			if !r.conditions() || !r.word("then") {
				return false
			}
			if !r.statements(func(t token) bool { return t.is("when") || t.is("end") }) {
				return false
			}
		}
	}
	return r.word("end")
}

// declaration reads `name [CONSTANT] type [NOT NULL] [{:= | = | DEFAULT}
// expr];` with a type the fast path reads.
func (r *plReader) declaration(scope map[string]int) bool {
	t := r.peek()
	if t.kind != tkWord || pgReserved[t.val] || pgColNameKeywords[t.val] || plKeywords[t.val] ||
		plSQLStarts[t.val] || !isASCII(t.val) || scope[t.val] != 0 {
		return false
	}
	r.i++
	kind := plVar
	if r.word("constant") {
		kind = plConst
	}
	if n := r.peek(); n.is("cursor") || n.is("scroll") || n.is("no") || n.is("alias") || n.is("refcursor") {
		return false
	}
	if _, ok := r.typeName(); !ok {
		return false
	}
	notNull := r.acceptSeq("not", "null")
	hasDefault := r.assignOp() || r.word("default")
	if hasDefault && !r.expr() || notNull && !hasDefault || !r.punct(';') {
		return false
	}
	scope[t.val] = kind
	return true
}

// assignOp consumes := (written without a space) or =.
func (r *plReader) assignOp() bool {
	t, u := r.peek(), r.peekAt(1)
	if t.punct(':') && u.punct('=') && u.off == t.end {
		r.i += 2
		return true
	}
	return r.punct('=')
}

func (r *plReader) statements(stop func(token) bool) bool {
	for !stop(r.peek()) {
		if r.eof() || !r.statement() {
			return false
		}
	}
	return true
}

func (r *plReader) statement() bool {
	t := r.peek()
	switch {
	case t.is("begin"), t.is("declare"):
		return r.block() && r.punct(';')
	case t.is("if"):
		return r.ifStmt()
	case t.is("null"):
		r.i++
		return r.punct(';')
	case t.is("perform"):
		r.i++
		return r.selectBody(false) && r.punct(';')
	case t.is("execute"):
		return r.execute()
	case t.is("raise"):
		return r.raise()
	case t.is("return"):
		r.i++
		if r.punct(';') {
			return true
		}
		if n := r.peek(); n.is("next") || n.is("query") {
			return false
		}
		return r.expr() && r.punct(';')
	case t.kind == tkWord && r.lookup(t.val) != 0:
		if r.lookup(t.val) != plVar {
			return false
		}
		r.i++
		return r.assignOp() && r.expr() && r.punct(';')
	case r.trigger && (t.is("new") || t.is("old")) && r.peekAt(1).punct('.'):
		r.i += 2
		if _, ok := r.ident(); !ok {
			return false
		}
		return r.assignOp() && r.expr() && r.punct(';')
	case t.kind == tkWord && plSQLStarts[t.val]:
		return r.execSQL()
	}
	return false
}

// ifStmt reads IF cond THEN ... [ELSIF cond THEN ...] [ELSE ...] END IF;
func (r *plReader) ifStmt() bool {
	r.i++
	branch := func(t token) bool { return t.is("elsif") || t.is("elseif") || t.is("else") || t.is("end") }
	if !r.expr() || !r.word("then") || !r.statements(branch) {
		return false
	}
	for r.word("elsif") || r.word("elseif") {
		if !r.expr() || !r.word("then") || !r.statements(branch) {
			return false
		}
	}
	if r.word("else") && !r.statements(func(t token) bool { return t.is("end") }) {
		return false
	}
	return r.acceptSeq("end", "if") && r.punct(';')
}

// conditions reads `name [OR name ...]` of an exception handler.
func (r *plReader) conditions() bool {
	for {
		t := r.peek()
		switch {
		case t.is("sqlstate"):
			r.i++
			code := r.peek()
			if !r.plainString() || !isSQLState(code.val) {
				return false
			}
		case t.kind == tkWord && plConditions[t.val]:
			r.i++
		default:
			return false
		}
		if !r.word("or") {
			return true
		}
	}
}

func isSQLState(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < 5; i++ {
		if !isDigit(s[i]) && (s[i] < 'A' || s[i] > 'Z') {
			return false
		}
	}
	return true
}

// execute reads EXECUTE '<one literal>'; and lints the literal.
func (r *plReader) execute() bool {
	at := r.peek().off
	r.i++
	t := r.peek()
	if t.kind != tkString || r.src[t.off] != '\'' {
		return false
	}
	r.i++
	if !r.punct(';') {
		return false
	}
	r.out = append(r.out, plQuery{text: strings.ReplaceAll(t.val, "''", "'"), lineno: r.codeLines.at(at)})
	return true
}

// raise reads RAISE; and RAISE [level] 'format' [, expr ...] [USING
// option = expr, ...]; with as many expressions as the format has %.
func (r *plReader) raise() bool {
	r.i++
	if r.punct(';') {
		return true
	}
	r.accept("exception", "warning", "notice", "info", "log", "debug")
	if msg := r.peek(); msg.kind == tkString {
		if r.src[msg.off] != '\'' || !r.plainString() {
			return false
		}
		want := strings.Count(msg.val, "%") - 2*strings.Count(msg.val, "%%")
		for r.punct(',') {
			if !r.expr() {
				return false
			}
			want--
		}
		if want != 0 {
			return false
		}
	} else if !r.peek().is("using") {
		return false
	}
	if r.word("using") {
		for {
			if !r.accept("errcode", "message", "detail", "hint", "column", "constraint", "datatype", "table", "schema") ||
				!r.punct('=') || !r.expr() {
				return false
			}
			if !r.punct(',') {
				break
			}
		}
	}
	return r.punct(';')
}

// execSQL reads an embedded SQL statement up to its semicolon, as
// PL/pgSQL cuts it, and keeps its text for the fast path to read.
func (r *plReader) execSQL() bool {
	start, depth := r.i, 0
	for ; r.i < len(r.toks); r.i++ {
		t := r.toks[r.i]
		switch {
		case t.punct('('):
			depth++
		case t.punct(')') && depth > 0:
			depth--
		case t.punct(';') && depth == 0:
			first := r.toks[start].off
			text := strings.TrimRight(r.src[first:t.off], " \t\n\r\v\f")
			r.out = append(r.out, plQuery{text: text, lineno: r.codeLines.at(first)})
			r.i++
			return true
		case t.is("into") && !r.toks[r.i-1].is("insert"), t.is("begin"), t.is("case"), t.is("end"):
			return false // an INTO target or a nested body: PL/pgSQL cuts those its own way
		}
	}
	return false
}

// selectBody reads what follows SELECT in a subquery or PERFORM: a target
// list (empty only in a subquery), FROM tables with joins, WHERE.
func (f *pgf) selectBody(emptyOK bool) bool {
	switch {
	case f.punct('*'):
	case emptyOK && (f.peek().is("from") || f.peek().punct(')')):
	default:
		for {
			if !f.expr() {
				return false
			}
			if f.word("as") {
				if _, ok := f.ident(); !ok {
					return false
				}
			}
			if !f.punct(',') {
				break
			}
		}
	}
	if f.word("from") {
		for {
			if !f.fromItem() {
				return false
			}
			for f.peek().is("join") || f.peek().is("inner") || f.peek().is("left") {
				if f.word("left") {
					f.word("outer")
				} else {
					f.word("inner")
				}
				if !f.word("join") || !f.fromItem() || !f.word("on") || !f.expr() {
					return false
				}
			}
			if !f.punct(',') {
				break
			}
		}
	}
	if f.word("where") {
		return f.expr()
	}
	return true
}

// fromItem reads `table [[AS] alias]`.
func (f *pgf) fromItem() bool {
	if _, ok := f.qualified(); !ok {
		return false
	}
	if f.word("as") {
		_, ok := f.ident()
		return ok
	}
	if t := f.peek(); t.kind == tkIdent || t.kind == tkWord && !pgReserved[t.val] && !plKeywords[t.val] {
		_, ok := f.ident()
		return ok
	}
	return true
}

func (f *pgf) startsSubquery() bool {
	return f.sub && f.peek().punct('(') && f.peekAt(1).is("select")
}

// subquery reads `(SELECT ...)` when the expression reader allows it.
func (f *pgf) subquery() bool {
	if !f.startsSubquery() {
		return false
	}
	f.i += 2
	return f.selectBody(true) && f.punct(')')
}

// do reads the rest of DO [LANGUAGE name] 'body' [LANGUAGE name].
func (f *pgf) do() bool {
	lang := ""
	var lit token
	for !f.eof() {
		switch t := f.peek(); {
		case t.is("language") && lang == "":
			f.i++
			n := f.peek()
			if n.kind != tkWord || pgReserved[n.val] {
				return false
			}
			f.i++
			lang = n.val
		case t.kind == tkString && lit.kind == 0:
			f.i++
			lit = t
		default:
			return false
		}
	}
	if lit.kind == 0 {
		return false
	}
	f.body = &plBody{lit: lit, plpgsql: lang == "" || lang == "plpgsql"}
	return true
}

// createFunction reads the rest of CREATE [OR REPLACE] FUNCTION name(args)
// [RETURNS [SETOF] type] with LANGUAGE, AS 'body' and the common options.
func (f *pgf) createFunction(st *stmt) bool {
	st.kind, st.verb = kindDDL, "CreateFunctionStmt"
	name, ok := f.qualified()
	if !ok || !f.punct('(') {
		return false
	}
	b := &plBody{function: name}
	arg := func() bool {
		f.accept("in", "out", "inout")
		t, next := f.peek(), f.peekAt(1)
		named := !next.punct(',') && !next.punct(')') && !next.punct('(') && !next.punct('.') && !next.punct('[') &&
			(t.kind == tkIdent || t.kind == tkWord && !pgReserved[t.val] && !pgColNameKeywords[t.val])
		if named {
			if _, ok := f.ident(); !ok {
				return false
			}
			b.params = append(b.params, t.val)
		}
		if _, ok := f.typeName(); !ok {
			return false
		}
		if f.word("default") || f.punct('=') {
			_, ok := f.defaultExpr()
			return ok
		}
		return true
	}
	if !f.punct(')') && !f.listTail(arg) {
		return false
	}
	if f.word("returns") {
		f.word("setof")
		at := f.i
		if _, ok := f.typeName(); !ok {
			return false
		}
		for _, t := range f.toks[at:f.i] {
			b.trigger = b.trigger || (t.kind == tkWord || t.kind == tkIdent) && t.val == "trigger"
		}
	}
	lang, body := "", false
	for !f.eof() {
		switch t := f.peek(); {
		case f.word("language"):
			n := f.peek()
			switch {
			case lang != "":
				return false
			case n.kind == tkWord && !pgReserved[n.val], n.kind == tkIdent:
				lang = n.val
			case n.kind == tkString && f.src[n.off] == '\'':
				lang = pgStringValue(n)
			default:
				return false
			}
			f.i++
		case f.word("as"):
			n := f.peek()
			if body || n.kind != tkString {
				return false
			}
			f.i++
			if f.peek().kind == tkString || f.peek().punct(',') {
				return false // a continued string, or AS 'file', 'symbol'
			}
			body, b.lit = true, n
		case f.accept("immutable", "stable", "volatile", "strict", "leakproof"):
		case f.acceptSeq("not", "leakproof"):
		case f.acceptSeq("security", "definer"), f.acceptSeq("security", "invoker"):
		case f.word("parallel"):
			if !f.accept("safe", "unsafe", "restricted") {
				return false
			}
		case f.word("cost"):
			if !f.integer() {
				return false
			}
		case t.is("set"):
			f.i++
			var set stmt
			if !f.set(&set) {
				return false
			}
		default:
			return false
		}
	}
	if !body || lang == "" {
		return false // no LANGUAGE: libpg_query's guess is not ours to copy
	}
	b.plpgsql = lang == "plpgsql"
	f.body = b
	return true
}

// createTrigger reads the rest of CREATE [OR REPLACE] TRIGGER name
// {BEFORE | AFTER | INSTEAD OF} events ON table [FOR [EACH] {ROW |
// STATEMENT}] [WHEN (cond)] EXECUTE {FUNCTION | PROCEDURE} f(args).
func (f *pgf) createTrigger(st *stmt) bool {
	st.kind, st.verb = kindDDL, "CreateTrigStmt"
	if _, ok := f.ident(); !ok {
		return false
	}
	if !f.accept("before", "after") && !f.acceptSeq("instead", "of") {
		return false
	}
	for {
		switch {
		case f.accept("insert", "delete", "truncate"):
		case f.word("update"):
			if f.word("of") {
				for {
					if _, ok := f.ident(); !ok {
						return false
					}
					if !f.punct(',') {
						break
					}
				}
			}
		default:
			return false
		}
		if !f.word("or") {
			break
		}
	}
	if !f.word("on") {
		return false
	}
	if _, ok := f.qualified(); !ok {
		return false
	}
	if f.word("for") {
		f.word("each")
		if !f.accept("row", "statement") {
			return false
		}
	}
	if f.word("when") && !f.parenExpr() {
		return false
	}
	if !f.word("execute") || !f.accept("function", "procedure") {
		return false
	}
	if _, ok := f.qualified(); !ok || !f.punct('(') {
		return false
	}
	if f.punct(')') {
		return true
	}
	return f.listTail(func() bool { return f.plainString() || f.integer() })
}

// dropFunction reads the rest of DROP FUNCTION [IF EXISTS] name[(types)],
// ... [CASCADE | RESTRICT]: a DropStmt without ops.
func (f *pgf) dropFunction() bool {
	f.ifExists()
	for {
		if _, ok := f.qualified(); !ok {
			return false
		}
		if f.punct('(') && !f.punct(')') && !f.listTail(func() bool { _, ok := f.typeName(); return ok }) {
			return false
		}
		if !f.punct(',') {
			break
		}
	}
	f.accept("cascade", "restrict")
	return true
}

package sqllint

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	pgparser "github.com/wasilibs/go-pgquery/parser"
)

// pgMu serialises libpg_query calls: go-pgquery compiles a WebAssembly
// runtime (about a second) for every concurrent caller it has not seen yet,
// so one shared instance is much cheaper than one per goroutine.
var pgMu sync.Mutex

func pgParseJSON(src string) (out string, err error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the PostgreSQL parser failed: %v", r)
		}
	}()
	return pgparser.ParseToJSON(src)
}

// The parse tree is read from libpg_query's JSON form into just the fields
// the rules need (the generated protobuf types would add 13 MB to the binary).
type pgTree struct {
	Stmts []struct {
		Stmt     map[string]json.RawMessage `json:"stmt"`
		Location int                        `json:"stmt_location"`
		Len      int                        `json:"stmt_len"`
	} `json:"stmts"`
}

type pgRangeVar struct {
	Relname string `json:"relname"`
}

type pgNode = map[string]json.RawMessage

type pgConstraint struct {
	Contype        string          `json:"contype"`
	Pktable        pgRangeVar      `json:"pktable"`
	Conname        string          `json:"conname"`
	SkipValidation bool            `json:"skip_validation"`
	Indexname      string          `json:"indexname"`
	RawExpr        json.RawMessage `json:"raw_expr"`
	GeneratedWhen  string          `json:"generated_when"`
}

type pgColumnDef struct {
	Colname     string     `json:"colname"`
	TypeName    pgTypeName `json:"typeName"`
	Constraints []struct {
		Constraint pgConstraint `json:"Constraint"`
	} `json:"constraints"`
}

func parsePostgres(src []byte) parsed {
	text := string(src)
	p := parsed{lines: newLines(text)}
	// Our lexer only finds comments (suppressions) and statement starts;
	// libpg_query is the judge of the syntax, so a lexer error is not one.
	toks, comments, lexErr := lex(dialectPostgres, text)
	p.comments, p.toks = comments, toks
	if i, ok := hasNUL(src); ok {
		p.err, p.errLine = "the file contains a NUL byte, which PostgreSQL rejects. Remove it.", p.lines.at(i)
		return p
	}
	if lexErr == nil {
		if stmts, ok := pgFast(text, toks, p.lines); ok {
			p.stmts = stmts
			return p
		}
	}
	return parsePostgresFull(text, toks, p)
}

// pgFullParses counts the files handed to libpg_query (tests assert that
// plain migrations never pay for its WebAssembly compile).
var pgFullParses atomic.Int64

// parsePostgresFull parses with libpg_query: the judge of PostgreSQL syntax.
func parsePostgresFull(text string, toks []token, p parsed) parsed {
	pgFullParses.Add(1)
	out, err := pgParseJSON(text)
	if err != nil {
		p.err, p.errLine = pgErrorMessage(err, p.lines)
		return p
	}
	var tree pgTree
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		p.err, p.errLine = "the PostgreSQL parse tree could not be read: "+err.Error(), 1
		return p
	}
	called := pgCalledFunctions(toks)
	for _, raw := range tree.Stmts {
		st := stmt{line: 1}
		start := firstTokenAt(toks, raw.Location)
		st.line = p.lines.at(start)
		end := raw.Location + raw.Len
		if raw.Len == 0 {
			end = len(text)
		}
		st.endLine = p.lines.at(max(end-1, start))
		for kind, body := range raw.Stmt {
			pgStmt(&st, kind, body)
		}
		p.stmts = append(p.stmts, st)
		// The statements of a DO block, or of a function the file calls,
		// run as part of the migration: judge them on their own lines.
		for kind, body := range raw.Stmt {
			inner, err := pgBodyStatements(text, toks, start, end, kind, body, called, p.lines)
			if err != "" {
				p.stmts, p.err, p.errLine = nil, err, st.line
				return p
			}
			p.stmts = append(p.stmts, inner...)
		}
	}
	return p
}

// firstTokenAt skips the whitespace and comments libpg_query includes at the
// start of a statement.
func firstTokenAt(toks []token, loc int) int {
	for _, t := range toks {
		if t.off >= loc {
			return t.off
		}
	}
	return loc
}

func pgErrorMessage(err error, ls lines) (string, int) {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		line := 1
		if pe.Cursorpos > 0 {
			line = ls.at(pe.Cursorpos - 1)
		}
		return fmt.Sprintf("the file does not parse as PostgreSQL: %s. Fix the SQL (PostgreSQL would reject it too).", pe.Message), line
	}
	return fmt.Sprintf("the file does not parse as PostgreSQL: %v.", err), 1
}

func pgStmt(st *stmt, kind string, body json.RawMessage) {
	st.verb = kind
	switch kind {
	case "VariableSetStmt":
		var v struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind = kindSet
		st.setsLockTimeout = v.Name == "lock_timeout"
		st.setsStmtTimeout = v.Name == "statement_timeout"
	case "CreateStmt":
		st.ddl("CREATE TABLE", pgCreateTable(body))
		st.ops = append(st.ops, pgReferences(body)...)
	case "CreateTableAsStmt":
		var v struct {
			Into struct {
				Rel pgRangeVar `json:"rel"`
			} `json:"into"`
		}
		_ = json.Unmarshal(body, &v)
		st.ddl("CREATE TABLE AS", op{kind: opCreateTable, table: v.Into.Rel.Relname})
	case "IndexStmt":
		var v struct {
			Idxname    string     `json:"idxname"`
			Relation   pgRangeVar `json:"relation"`
			Concurrent bool       `json:"concurrent"`
		}
		_ = json.Unmarshal(body, &v)
		st.ddl("CREATE INDEX", op{kind: opCreateIndex, table: v.Relation.Relname, name: v.Idxname, concurrently: v.Concurrent})
		if v.Concurrent {
			st.noTx, st.noTxWhat = true, "CREATE INDEX CONCURRENTLY"
		}
	case "DropStmt":
		pgDrop(st, body)
	case "AlterTableStmt":
		pgAlterTable(st, body)
	case "RenameStmt":
		var v struct {
			RenameType string     `json:"renameType"`
			Relation   pgRangeVar `json:"relation"`
			Subname    string     `json:"subname"`
			Newname    string     `json:"newname"`
			MissingOk  bool       `json:"missing_ok"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind = kindDDL
		st.verb = "ALTER ... RENAME"
		switch v.RenameType {
		case "OBJECT_TABLE":
			st.ops = append(st.ops, op{kind: opRenameTable, table: v.Relation.Relname, to: v.Newname, ifExists: v.MissingOk})
		case "OBJECT_COLUMN":
			st.ops = append(st.ops, op{kind: opRenameColumn, table: v.Relation.Relname, column: v.Subname, to: v.Newname, ifExists: v.MissingOk})
		}
	case "AlterEnumStmt":
		var v struct {
			TypeName []struct {
				String struct {
					Sval string `json:"sval"`
				} `json:"String"`
			} `json:"typeName"`
			OldVal   string `json:"oldVal"`
			NewVal   string `json:"newVal"`
			Neighbor string `json:"newValNeighbor"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind = kindDDL
		st.verb = "ALTER TYPE"
		typ := ""
		if n := len(v.TypeName); n > 0 {
			typ = v.TypeName[n-1].String.Sval
		}
		if v.OldVal != "" {
			st.ops = append(st.ops, op{kind: opRenameEnumValue, name: typ, column: v.OldVal, to: v.NewVal})
		} else if v.NewVal != "" {
			st.ops = append(st.ops, op{kind: opAddEnumValue, name: typ, to: v.NewVal, positioned: v.Neighbor != ""})
		}
	case "VacuumStmt":
		var v struct {
			Options []struct {
				DefElem struct {
					Defname string `json:"defname"`
				} `json:"DefElem"`
			} `json:"options"`
			Rels []struct {
				VacuumRelation struct {
					Relation pgRangeVar `json:"relation"`
				} `json:"VacuumRelation"`
			} `json:"rels"`
			IsVacuum bool `json:"is_vacuumcmd"`
		}
		_ = json.Unmarshal(body, &v)
		if !v.IsVacuum {
			st.verb = "ANALYZE"
			return
		}
		st.verb = "VACUUM"
		st.noTx, st.noTxWhat = true, "VACUUM"
		for _, o := range v.Options {
			if o.DefElem.Defname == "full" {
				st.kind = kindDDL
				for _, r := range v.Rels {
					st.ops = append(st.ops, op{kind: opRewrite, table: r.VacuumRelation.Relation.Relname, what: "VACUUM FULL"})
				}
				if len(v.Rels) == 0 {
					st.ops = append(st.ops, op{kind: opRewrite, table: "", what: "VACUUM FULL"})
				}
			}
		}
	case "AlterTableMoveAllStmt":
		var v struct {
			Objtype string `json:"objtype"`
			From    string `json:"orig_tablespacename"`
			To      string `json:"new_tablespacename"`
		}
		_ = json.Unmarshal(body, &v)
		noun := map[string]string{"OBJECT_INDEX": "INDEX", "OBJECT_MATVIEW": "MATERIALIZED VIEW"}[v.Objtype]
		if noun == "" {
			noun = "TABLE"
		}
		// Every object moved is copied under its own ACCESS EXCLUSIVE lock.
		st.ddl("ALTER "+noun+" ALL IN TABLESPACE", op{kind: opRebuild, name: v.To,
			what: fmt.Sprintf("ALTER %s ALL IN TABLESPACE %s SET TABLESPACE %s", noun, v.From, v.To)})
	case "ClusterStmt":
		st.ddl("CLUSTER", op{kind: opRewrite, table: pgRelname(body), what: "CLUSTER"})
	case "ReindexStmt":
		var v struct {
			Kind     string     `json:"kind"`
			Relation pgRangeVar `json:"relation"`
			Name     string     `json:"name"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind = kindDDL
		st.verb = "REINDEX"
		concurrently := strings.Contains(string(body), `"defname":"concurrently"`)
		if concurrently {
			st.noTx, st.noTxWhat = true, "REINDEX CONCURRENTLY"
		}
		target := strings.TrimPrefix(v.Kind, "REINDEX_OBJECT_")
		name := v.Relation.Relname
		if name == "" {
			name = v.Name
		}
		o := op{kind: opReindex, name: name, concurrently: concurrently, what: strings.TrimSpace(target + " " + name)}
		if target == "TABLE" {
			o.table = name
		}
		st.ops = append(st.ops, o)
	case "DropdbStmt":
		var v struct {
			Dbname string `json:"dbname"`
		}
		_ = json.Unmarshal(body, &v)
		st.noTx, st.noTxWhat = true, kind
		st.ddl("DROP DATABASE", op{kind: opDropSchema, name: v.Dbname, what: "DROP DATABASE"})
	case "CreatedbStmt", "AlterSystemStmt":
		st.noTx, st.noTxWhat = true, kind
	case "TruncateStmt":
		var v struct {
			Relations []struct {
				RangeVar pgRangeVar `json:"RangeVar"`
			} `json:"relations"`
			Behavior string `json:"behavior"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind, st.verb = kindDDL, "TRUNCATE"
		for _, r := range v.Relations {
			o := op{kind: opTruncate, table: r.RangeVar.Relname}
			if v.Behavior == "DROP_CASCADE" {
				o.what = "CASCADE"
			}
			st.ops = append(st.ops, o)
		}
	case "TransactionStmt":
		var v struct {
			Kind string `json:"kind"`
		}
		_ = json.Unmarshal(body, &v)
		switch v.Kind {
		case "TRANS_STMT_BEGIN", "TRANS_STMT_START", "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK",
			"TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED":
			st.txControl = map[string]string{"TRANS_STMT_BEGIN": "BEGIN", "TRANS_STMT_START": "START TRANSACTION",
				"TRANS_STMT_COMMIT": "COMMIT", "TRANS_STMT_ROLLBACK": "ROLLBACK", "TRANS_STMT_PREPARE": "PREPARE TRANSACTION",
				"TRANS_STMT_COMMIT_PREPARED": "COMMIT PREPARED", "TRANS_STMT_ROLLBACK_PREPARED": "ROLLBACK PREPARED"}[v.Kind]
		}
	case "UpdateStmt", "DeleteStmt":
		var v struct {
			Relation    pgRangeVar      `json:"relation"`
			WhereClause json.RawMessage `json:"whereClause"`
		}
		_ = json.Unmarshal(body, &v)
		st.kind = kindDML
		st.dmlTable = v.Relation.Relname
		st.verb = strings.ToUpper(strings.TrimSuffix(kind, "Stmt"))
		if len(v.WhereClause) == 0 || string(v.WhereClause) == "null" {
			st.unbounded = st.verb
		}
	default:
		if pgIsDDL(kind) {
			st.kind = kindDDL
		}
	}
}

// pgRelname is the table a statement's "relation" field names.
func pgRelname(body json.RawMessage) string {
	var v struct {
		Relation pgRangeVar `json:"relation"`
	}
	_ = json.Unmarshal(body, &v)
	return v.Relation.Relname
}

func pgIsDDL(kind string) bool {
	return strings.HasPrefix(kind, "Create") || strings.HasPrefix(kind, "Alter") ||
		strings.HasPrefix(kind, "Drop") || kind == "TruncateStmt" || kind == "CommentStmt" ||
		kind == "GrantStmt" || kind == "CompositeTypeStmt" || kind == "DefineStmt"
}

func pgDrop(st *stmt, body json.RawMessage) {
	var v struct {
		Objects    []json.RawMessage `json:"objects"`
		RemoveType string            `json:"removeType"`
		Concurrent bool              `json:"concurrent"`
		MissingOk  bool              `json:"missing_ok"`
	}
	_ = json.Unmarshal(body, &v)
	st.kind = kindDDL
	st.verb = "DROP"
	var kind opKind
	switch v.RemoveType {
	case "OBJECT_TABLE":
		kind, st.verb = opDropTable, "DROP TABLE"
	case "OBJECT_SCHEMA":
		st.verb = "DROP SCHEMA"
		for _, raw := range v.Objects {
			var name struct {
				String struct {
					Sval string `json:"sval"`
				} `json:"String"`
			}
			_ = json.Unmarshal(raw, &name)
			st.ops = append(st.ops, op{kind: opDropSchema, name: name.String.Sval, what: "DROP SCHEMA"})
		}
		return
	case "OBJECT_INDEX":
		kind, st.verb = opDropIndex, "DROP INDEX"
		if v.Concurrent {
			st.noTx, st.noTxWhat = true, "DROP INDEX CONCURRENTLY"
		}
	default:
		return
	}
	for _, raw := range v.Objects {
		var obj struct {
			List struct {
				Items []struct {
					String struct {
						Sval string `json:"sval"`
					} `json:"String"`
				} `json:"items"`
			} `json:"List"`
		}
		_ = json.Unmarshal(raw, &obj)
		name := ""
		if n := len(obj.List.Items); n > 0 {
			name = obj.List.Items[n-1].String.Sval
		}
		o := op{kind: kind, concurrently: v.Concurrent, ifExists: v.MissingOk}
		if kind == opDropTable {
			o.table = name
		} else {
			o.name = name
		}
		st.ops = append(st.ops, o)
	}
}

func pgAlterTable(st *stmt, body json.RawMessage) {
	var v struct {
		Relation  pgRangeVar `json:"relation"`
		Objtype   string     `json:"objtype"`
		MissingOk bool       `json:"missing_ok"`
		Cmds      []struct {
			AlterTableCmd struct {
				Subtype   string `json:"subtype"`
				Name      string `json:"name"`
				Def       pgNode `json:"def"`
				MissingOk bool   `json:"missing_ok"`
			} `json:"AlterTableCmd"`
		} `json:"cmds"`
	}
	_ = json.Unmarshal(body, &v)
	st.kind = kindDDL
	st.verb = "ALTER TABLE"
	if v.Objtype != "OBJECT_TABLE" {
		return
	}
	table := v.Relation.Relname
	defer func(before int) {
		// IF EXISTS (of the table or of the clause) makes an absent object
		// harmless.
		for i := before; i < len(st.ops); i++ {
			st.ops[i].ifExists = st.ops[i].ifExists || v.MissingOk
		}
	}(len(st.ops))
	for _, c := range v.Cmds {
		cmd := c.AlterTableCmd
		n := len(st.ops)
		func() {
			switch cmd.Subtype {
			case "AT_AddColumn":
				var cd pgColumnDef
				_ = json.Unmarshal(cmd.Def["ColumnDef"], &cd)
				st.ops = append(st.ops, pgAddColumn(table, cd)...)
			case "AT_DropColumn":
				st.ops = append(st.ops, op{kind: opDropColumn, table: table, column: cmd.Name})
			case "AT_AlterColumnType":
				var cd pgColumnDef
				_ = json.Unmarshal(cmd.Def["ColumnDef"], &cd)
				st.ops = append(st.ops, op{kind: opAlterColumnType, table: table, column: cmd.Name, typ: cd.TypeName.typeString()})
			case "AT_SetNotNull":
				st.ops = append(st.ops, op{kind: opSetNotNull, table: table, column: cmd.Name})
			case "AT_DropNotNull":
				st.ops = append(st.ops, op{kind: opDropNotNull, table: table, column: cmd.Name})
			case "AT_DetachPartition", "AT_DetachPartitionFinalize":
				var pc struct {
					Name       pgRangeVar `json:"name"`
					Concurrent bool       `json:"concurrent"`
				}
				_ = json.Unmarshal(cmd.Def["PartitionCmd"], &pc)
				finalize := cmd.Subtype == "AT_DetachPartitionFinalize"
				st.ops = append(st.ops, op{kind: opDetachPartition, table: table, name: pc.Name.Relname, concurrently: pc.Concurrent || finalize})
				if pc.Concurrent {
					st.noTx, st.noTxWhat = true, "DETACH PARTITION CONCURRENTLY"
				}
			case "AT_SetTableSpace":
				st.ops = append(st.ops, op{kind: opRebuild, table: table, name: cmd.Name, what: "SET TABLESPACE " + cmd.Name})
			case "AT_SetRelOptions", "AT_ResetRelOptions":
				// Storage parameters take SHARE UPDATE EXCLUSIVE, which blocks
				// no reads or writes (user_catalog_table excepted).
				if strings.Contains(string(cmd.Def["List"]), `"defname":"user_catalog_table"`) {
					st.ops = append(st.ops, op{kind: opAlterTable, table: table})
				}
			case "AT_SetLogged", "AT_SetUnLogged":
				what := map[string]string{"AT_SetLogged": "SET LOGGED", "AT_SetUnLogged": "SET UNLOGGED"}[cmd.Subtype]
				st.ops = append(st.ops, op{kind: opRebuild, table: table, what: what})
			case "AT_SetAccessMethod":
				st.ops = append(st.ops, op{kind: opRebuild, table: table, what: "SET ACCESS METHOD " + cmd.Name})
			case "AT_AddConstraint":
				var con pgConstraint
				_ = json.Unmarshal(cmd.Def["Constraint"], &con)
				if o, ok := pgConstraintOp(table, con); ok {
					st.ops = append(st.ops, o)
					return
				}
				st.ops = append(st.ops, op{kind: opAlterTable, table: table})
			default:
				st.ops = append(st.ops, op{kind: opAlterTable, table: table})
			}
		}()
		if cmd.MissingOk {
			for i := n; i < len(st.ops); i++ {
				st.ops[i].ifExists = true
			}
		}
	}
}

func pgConstraintOp(table string, con pgConstraint) (op, bool) {
	o := op{table: table, name: con.Conname, notValid: con.SkipValidation, usingIndex: con.Indexname != ""}
	switch con.Contype {
	case "CONSTR_FOREIGN":
		o.kind = opAddForeignKey
	case "CONSTR_CHECK":
		o.kind = opAddCheck
	case "CONSTR_UNIQUE":
		o.kind = opAddUnique
	case "CONSTR_PRIMARY":
		o.kind = opAddPrimaryKey
	default:
		return o, false
	}
	return o, true
}

var pgSerialTypes = map[string]bool{"smallserial": true, "serial": true, "bigserial": true, "serial2": true, "serial4": true, "serial8": true}

// pgVolatileFuncs are the built-in volatile functions a default commonly
// calls; a volatile default makes ADD COLUMN rewrite the table. now() and
// current_timestamp are stable, so PostgreSQL 11+ adds them without a rewrite.
var pgVolatileFuncs = map[string]bool{
	"random": true, "gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true,
	"uuid_generate_v4": true, "uuidv4": true, "uuidv7": true, "clock_timestamp": true, "timeofday": true,
	"nextval": true, "txid_current": true, "random_normal": true,
}

func pgAddColumn(table string, cd pgColumnDef) []op {
	o := op{kind: opAddColumn, table: table, column: cd.Colname, typ: cd.TypeName.typeString()}
	var extra []op
	if n := len(cd.TypeName.Names); n > 0 {
		if typ := cd.TypeName.Names[n-1].String.Sval; pgSerialTypes[typ] {
			o.hasDefault, o.notNull, o.volatile = true, true, typ+" (nextval)"
		}
	}
	for _, c := range cd.Constraints {
		con := c.Constraint
		switch con.Contype {
		case "CONSTR_NOTNULL", "CONSTR_PRIMARY":
			o.notNull = true
		case "CONSTR_DEFAULT":
			o.hasDefault = true
			if f := pgFindVolatile(con.RawExpr); f != "" && o.volatile == "" {
				o.volatile = f + "()"
			}
		case "CONSTR_IDENTITY":
			o.hasDefault = true
			o.volatile = "GENERATED ... AS IDENTITY"
		case "CONSTR_GENERATED":
			o.hasDefault = true
			o.volatile = "GENERATED ALWAYS AS (...) STORED"
		}
		if con.Contype == "CONSTR_FOREIGN" {
			extra = append(extra, op{kind: opAddForeignKey, table: table, name: con.Conname, column: cd.Colname, to: con.Pktable.Relname, notValid: con.SkipValidation})
		}
		if con.Contype == "CONSTR_UNIQUE" || con.Contype == "CONSTR_PRIMARY" {
			k := opAddUnique
			if con.Contype == "CONSTR_PRIMARY" {
				k = opAddPrimaryKey
			}
			extra = append(extra, op{kind: k, table: table, name: con.Conname, column: cd.Colname})
		}
	}
	return append([]op{o}, extra...)
}

// pgFindVolatile walks a raw expression for a call to a volatile function.
func pgFindVolatile(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return ""
	}
	var walk func(any) string
	walk = func(n any) string {
		switch n := n.(type) {
		case map[string]any:
			if fc, ok := n["FuncCall"].(map[string]any); ok {
				if names, ok := fc["funcname"].([]any); ok && len(names) > 0 {
					if s, ok := names[len(names)-1].(map[string]any)["String"].(map[string]any); ok {
						if name, _ := s["sval"].(string); pgVolatileFuncs[name] {
							return name
						}
					}
				}
			}
			for _, c := range n {
				if f := walk(c); f != "" {
					return f
				}
			}
		case []any:
			for _, c := range n {
				if f := walk(c); f != "" {
					return f
				}
			}
		}
		return ""
	}
	return walk(v)
}

// pgCreateTable reads the table and its columns (colsKnown: nothing but
// plain columns and constraints defines them).
func pgCreateTable(body json.RawMessage) op {
	var v struct {
		Relation    pgRangeVar        `json:"relation"`
		IfNotExists bool              `json:"if_not_exists"`
		InhRels     []json.RawMessage `json:"inhRelations"`
		Partbound   json.RawMessage   `json:"partbound"`
		OfType      json.RawMessage   `json:"ofTypename"`
		TableElts   []pgNode          `json:"tableElts"`
	}
	_ = json.Unmarshal(body, &v)
	o := op{kind: opCreateTable, table: v.Relation.Relname, ifExists: v.IfNotExists,
		colsKnown: len(v.InhRels) == 0 && len(v.Partbound) == 0 && len(v.OfType) == 0}
	for _, e := range v.TableElts {
		switch {
		case e["ColumnDef"] != nil:
			var cd pgColumnDef
			_ = json.Unmarshal(e["ColumnDef"], &cd)
			c := pgAddColumn("", cd)[0]
			o.cols = append(o.cols, colDef{name: c.column, typ: c.typ, notNull: c.notNull})
		case e["Constraint"] != nil:
		default:
			o.colsKnown = false // LIKE
		}
	}
	return o
}

// pgReferences lists the existing tables a CREATE TABLE's foreign keys
// point at: creating the key locks each of them (SHARE ROW EXCLUSIVE).
func pgReferences(body json.RawMessage) []op {
	var v struct {
		TableElts []struct {
			ColumnDef  *pgColumnDef  `json:"ColumnDef"`
			Constraint *pgConstraint `json:"Constraint"`
		} `json:"tableElts"`
	}
	_ = json.Unmarshal(body, &v)
	var ops []op
	add := func(c pgConstraint) {
		if c.Contype == "CONSTR_FOREIGN" && c.Pktable.Relname != "" {
			ops = append(ops, op{kind: opReference, table: c.Pktable.Relname})
		}
	}
	for _, e := range v.TableElts {
		if e.Constraint != nil {
			add(*e.Constraint)
		}
		if e.ColumnDef != nil {
			for _, c := range e.ColumnDef.Constraints {
				add(c.Constraint)
			}
		}
	}
	return ops
}

type pgTypeName struct {
	Names []struct {
		String struct {
			Sval string `json:"sval"`
		} `json:"String"`
	} `json:"names"`
	Typmods []struct {
		AConst *struct {
			Ival *struct {
				Ival int `json:"ival"`
			} `json:"ival"`
		} `json:"A_Const"`
	} `json:"typmods"`
	ArrayBounds []json.RawMessage `json:"arrayBounds"`
}

// typeString spells a type as the model keeps it: the last name part, the
// integer modifiers, one [] per array dimension ("varchar(256)", "int8").
func (tn pgTypeName) typeString() string {
	if len(tn.Names) == 0 {
		return ""
	}
	typ := tn.Names[len(tn.Names)-1].String.Sval
	if len(tn.Typmods) > 0 {
		mods := make([]string, len(tn.Typmods))
		for i, m := range tn.Typmods {
			mods[i] = "?"
			if m.AConst != nil {
				mods[i] = "0"
				if m.AConst.Ival != nil {
					mods[i] = strconv.Itoa(m.AConst.Ival.Ival)
				}
			}
		}
		typ += "(" + strings.Join(mods, ",") + ")"
	}
	return typ + strings.Repeat("[]", len(tn.ArrayBounds))
}

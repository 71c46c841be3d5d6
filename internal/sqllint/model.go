package sqllint

// The dialect adapters (postgres.go, generic.go) turn each statement into a
// stmt with a list of ops: the schema changes it makes, in a form the rules
// can read without knowing the dialect's syntax tree.

type stmtKind uint8

const (
	kindOther stmtKind = iota // SELECT, INSERT, transaction control, ...
	kindDDL                   // changes the schema
	kindDML                   // UPDATE, DELETE
	kindSet                   // SET
)

type opKind uint8

const (
	opCreateTable opKind = iota + 1
	opDropTable
	opRenameTable
	opAddColumn
	opDropColumn
	opRenameColumn
	opAlterColumnType // PostgreSQL ALTER COLUMN TYPE; MySQL MODIFY / CHANGE
	opSetNotNull
	opRenameEnumValue
	opCreateIndex
	opDropIndex
	opAddForeignKey
	opAddCheck
	opAddUnique
	opAddPrimaryKey
	opRewrite    // VACUUM FULL, CLUSTER, OPTIMIZE TABLE
	opAlterTable // any other ALTER TABLE clause (for lock_timeout, MySQL options)
	opRebuild    // ALTER TABLE clause that copies the whole table (what: the clause)
	opReference  // CREATE TABLE ... REFERENCES table: locks the referenced table
	opDropNotNull
	opAddEnumValue    // name: the type, to: the value; positioned: BEFORE/AFTER given
	opDropSchema      // what: "DROP DATABASE" or "DROP SCHEMA"; name: what is dropped
	opTruncate        // what: "CASCADE" when it cascades
	opReindex         // what: the REINDEX target ("TABLE t", "INDEX i", ...)
	opDetachPartition // table: the parent; name: the partition
)

type op struct {
	kind   opKind
	table  string // unqualified, as the server folds it
	column string
	name   string // index, constraint, enum value or new name
	to     string // new name for renames

	notNull      bool   // add column: NOT NULL
	hasDefault   bool   // add column: DEFAULT, identity, generated or auto increment
	volatile     string // add column: the volatile default that forces a rewrite
	concurrently bool   // index: CONCURRENTLY
	notValid     bool   // constraint: NOT VALID
	usingIndex   bool   // unique / primary key: USING INDEX
	redefine     bool   // MySQL MODIFY / CHANGE restate the whole column
	what         string // opRewrite, opRebuild: the command or clause
	positioned   bool   // enum ADD VALUE: BEFORE/AFTER given
	ifExists     bool   // drop / rename / alter: IF EXISTS; create table, add column: IF NOT EXISTS
	typ          string // add column, alter column type: the type, as typeString spells it
	cols         []colDef
	colsKnown    bool // create table: cols lists every column
}

// colDef is a column of a CREATE TABLE.
type colDef struct {
	name    string
	typ     string
	notNull bool
}

type stmt struct {
	line    int // 1-based line of the first token
	endLine int
	kind    stmtKind
	ops     []op

	setsLockTimeout bool   // SET lock_timeout / lock_wait_timeout
	setsStmtTimeout bool   // SET statement_timeout
	txControl       string // BEGIN, COMMIT, ROLLBACK, ... (the statement)
	noTx            bool   // cannot run inside a transaction block (PostgreSQL)
	noTxWhat        string // which command, for the message
	unbounded       string // "UPDATE" or "DELETE" without WHERE
	dmlTable        string
	algorithm       string // MySQL ALGORITHM=
	lock            string // MySQL LOCK=
	verb            string // first keyword(s), for messages
}

// ddl marks st as a schema change named verb that makes ops.
func (st *stmt) ddl(verb string, ops ...op) {
	st.kind = kindDDL
	st.verb = verb
	st.ops = append(st.ops, ops...)
}

// parsed is one file after parsing: its statements, or the parse error.
type parsed struct {
	stmts    []stmt
	err      string // non-empty: the file did not parse
	errLine  int
	comments []comment
	lines    lines
	toks     []token // the file's tokens (identifier length)
}

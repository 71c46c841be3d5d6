// Package schema owns schemagate's one model of a database schema: tables,
// columns, indexes, constraints, views, sequences, enum types and triggers as
// plain values. The same types are filled from a live database's catalog (one
// reader per engine: rehearse, drift and dirty-state recovery) and built from
// migration files (the SQL rules' schema at the base), compared by one Diff,
// and rendered by one Markdown function.
//
// Names are normalised the way the engine folds them (PostgreSQL lower-cases
// unquoted identifiers; MySQL and SQLite compare case-insensitively), so two
// snapshots of the same schema are equal whatever order it was created in.
package schema

// Schema is one database's schema. Map keys are the objects' normalised
// names; a name outside the default schema (PostgreSQL "public", the
// connection's MySQL database, SQLite "main") is qualified: "audit.events".
type Schema struct {
	Tables    map[string]*Table    `json:"tables,omitempty"`
	Views     map[string]*View     `json:"views,omitempty"`
	Sequences map[string]*Sequence `json:"sequences,omitempty"`
	Enums     map[string]*Enum     `json:"enums,omitempty"`
}

// New returns an empty schema whose maps are ready to fill.
func New() *Schema {
	return &Schema{
		Tables:    map[string]*Table{},
		Views:     map[string]*View{},
		Sequences: map[string]*Sequence{},
		Enums:     map[string]*Enum{},
	}
}

// Table is a table with everything defined on it.
type Table struct {
	Name string `json:"name"`
	// Columns are in their ordinal order.
	Columns     []*Column     `json:"columns"`
	PrimaryKey  *Index        `json:"primaryKey,omitempty"`
	Indexes     []*Index      `json:"indexes,omitempty"`
	Uniques     []*Index      `json:"uniques,omitempty"` // UNIQUE constraints (PostgreSQL keeps them apart from indexes)
	ForeignKeys []*ForeignKey `json:"foreignKeys,omitempty"`
	Checks      []*Check      `json:"checks,omitempty"`
	Triggers    []string      `json:"triggers,omitempty"`
}

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	// Type is the engine's canonical spelling of the type, lower-case
	// ("character varying(256)", "int", "text").
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
	// Default is the default expression as the engine prints it; empty with
	// HasDefault false when there is none.
	Default    string `json:"default,omitempty"`
	HasDefault bool   `json:"hasDefault,omitempty"`
	// Generated is the expression of a generated column ("" when not).
	Generated string `json:"generated,omitempty"`
	// AutoIncrement is true when the engine numbers the column itself:
	// PostgreSQL identity columns, MySQL AUTO_INCREMENT, SQLite's INTEGER
	// PRIMARY KEY (the rowid). serial columns show as a nextval default.
	AutoIncrement bool `json:"autoIncrement,omitempty"`
}

// Index is an index, a primary key or a unique constraint.
type Index struct {
	Name string `json:"name"`
	// Columns are column names or, for an expression index, expressions.
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique,omitempty"`
	// Predicate is a partial index's WHERE clause ("" when none).
	Predicate string `json:"predicate,omitempty"`
	// Method is the access method ("btree", "gin", "hash", ...).
	Method string `json:"method,omitempty"`
}

// ForeignKey is a foreign-key constraint.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefTable   string   `json:"refTable"`
	RefColumns []string `json:"refColumns"`
	OnDelete   string   `json:"onDelete,omitempty"`
	OnUpdate   string   `json:"onUpdate,omitempty"`
}

// Check is a check constraint.
type Check struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// View is a view (or a materialised view) and its definition.
type View struct {
	Name         string `json:"name"`
	Definition   string `json:"definition"`
	Materialized bool   `json:"materialized,omitempty"`
}

// Sequence is a free-standing sequence (PostgreSQL).
type Sequence struct {
	Name string `json:"name"`
}

// Enum is an enum type (PostgreSQL CREATE TYPE ... AS ENUM); MySQL's inline
// ENUM(...) columns carry their values in Column.Type instead.
type Enum struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Change is one difference between two schemas, as the schema-diff output
// carries it.
type Change struct {
	// Object is the kind: "table", "column", "index", "primary key",
	// "unique", "foreign key", "check", "view", "sequence", "enum",
	// "trigger".
	Object string `json:"object"`
	// Name is the object's qualified name ("orders.customer_id").
	Name string `json:"name"`
	// Change is "added", "removed" or "changed".
	Change string `json:"change"`
	// Detail says what changed ("type integer -> bigint"), empty for
	// additions and removals.
	Detail string `json:"detail"`
}

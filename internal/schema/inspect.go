package schema

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// Dialects the catalog readers know, spelled as the sql-dialect input.
const (
	Postgres = "postgres"
	MySQL    = "mysql"
	SQLite   = "sqlite"
)

// Queryer is what a catalog reader needs: a *sql.DB, *sql.Conn or *sql.Tx
// (drift reads the live database inside a READ ONLY transaction).
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options tune a snapshot.
type Options struct {
	// Exclude names tables to leave out: golang-migrate's version table
	// (x-migrations-table, default schema_migrations) and schemagate's
	// history table. Names are as Schema keys them (unqualified in the
	// default schema, "schema.table" elsewhere).
	Exclude []string
}

// Inspect reads the schema of the database behind q from its catalog.
// dialect is Postgres, MySQL (MySQL and MariaDB) or SQLite. The result is
// normalised (see Normalize).
func Inspect(ctx context.Context, q Queryer, dialect string, o Options) (*Schema, error) {
	var s *Schema
	var err error
	switch dialect {
	case Postgres:
		s, err = inspectPostgres(ctx, q)
	case MySQL:
		s, err = inspectMySQL(ctx, q)
	case SQLite:
		s, err = inspectSQLite(ctx, q)
	default:
		return nil, fmt.Errorf("read the schema: unknown dialect %q: valid dialects are postgres, mysql, sqlite", dialect)
	}
	if err != nil {
		return nil, fmt.Errorf("read the %s schema from its catalog: %w", dialect, err)
	}
	for _, name := range o.Exclude {
		delete(s.Tables, name)
		if dialect != Postgres {
			delete(s.Tables, strings.ToLower(name))
		}
	}
	s.Normalize()
	return s, nil
}

// Normalize puts everything whose order the engine does not define (the
// order of creation) in name order, so equal schemas compare equal.
// Columns keep their ordinal order; Diff compares them by name.
func (s *Schema) Normalize() {
	for _, t := range s.Tables {
		sortByName(t.Indexes, func(i *Index) string { return i.Name })
		sortByName(t.Uniques, func(i *Index) string { return i.Name })
		sortByName(t.ForeignKeys, func(f *ForeignKey) string { return f.Name })
		sortByName(t.Checks, func(c *Check) string { return c.Name + "\x00" + c.Expr })
		sort.Strings(t.Triggers)
	}
}

func sortByName[T any](list []T, name func(T) string) {
	sort.SliceStable(list, func(i, j int) bool { return name(list[i]) < name(list[j]) })
}

// TableNames are the tables' names, sorted.
func (s *Schema) TableNames() []string { return sortedKeys(s.Tables) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// each runs fn on every row of query, closing the rows.
func each(ctx context.Context, q Queryer, query string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// table returns the table named name in s, creating it.
func (s *Schema) table(name string) *Table {
	t := s.Tables[name]
	if t == nil {
		t = &Table{Name: name, Columns: []*Column{}}
		s.Tables[name] = t
	}
	return t
}

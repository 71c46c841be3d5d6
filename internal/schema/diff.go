package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Change kinds.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Diff lists what turns from into to, in a fixed order: enum types and
// sequences, then each table by name (the table, its columns by name, its
// primary key, indexes, unique constraints, foreign keys, checks and
// triggers), then views. Columns are compared by name, not by position: a
// column dropped and added back is the same column. A nil schema is empty.
func Diff(from, to *Schema) []Change {
	if from == nil {
		from = New()
	}
	if to == nil {
		to = New()
	}
	var out []Change
	add := func(object, name, change, detail string) {
		out = append(out, Change{Object: object, Name: name, Change: change, Detail: detail})
	}
	for _, name := range union(from.Enums, to.Enums) {
		a, b := from.Enums[name], to.Enums[name]
		switch {
		case a == nil:
			add("enum", name, Added, "values "+strings.Join(b.Values, ", "))
		case b == nil:
			add("enum", name, Removed, "")
		case !slices.Equal(a.Values, b.Values):
			add("enum", name, Changed, fmt.Sprintf("values %s -> %s", strings.Join(a.Values, ", "), strings.Join(b.Values, ", ")))
		}
	}
	for _, name := range union(from.Sequences, to.Sequences) {
		switch a, b := from.Sequences[name], to.Sequences[name]; {
		case a == nil:
			add("sequence", name, Added, "")
		case b == nil:
			add("sequence", name, Removed, "")
		}
	}
	for _, name := range union(from.Tables, to.Tables) {
		a, b := from.Tables[name], to.Tables[name]
		switch {
		case a == nil:
			add("table", name, Added, columnList(b))
			continue
		case b == nil:
			add("table", name, Removed, "")
			continue
		}
		out = append(out, diffTable(a, b)...)
	}
	for _, name := range union(from.Views, to.Views) {
		a, b := from.Views[name], to.Views[name]
		switch {
		case a == nil:
			add("view", name, Added, "")
		case b == nil:
			add("view", name, Removed, "")
		case a.Definition != b.Definition || a.Materialized != b.Materialized:
			add("view", name, Changed, "definition "+oneLine(a.Definition)+" -> "+oneLine(b.Definition))
		}
	}
	return out
}

// Equal reports whether two schemas have no difference.
func Equal(a, b *Schema) bool { return len(Diff(a, b)) == 0 }

func diffTable(a, b *Table) []Change {
	var out []Change
	add := func(object, name, change, detail string) {
		out = append(out, Change{Object: object, Name: a.Name + "." + name, Change: change, Detail: detail})
	}
	names := map[string]bool{}
	var order []string
	for _, c := range append(slices.Clone(a.Columns), b.Columns...) {
		if !names[c.Name] {
			names[c.Name] = true
			order = append(order, c.Name)
		}
	}
	slices.Sort(order)
	for _, n := range order {
		ca, cb := a.Column(n), b.Column(n)
		switch {
		case ca == nil:
			add("column", n, Added, describeColumn(cb))
		case cb == nil:
			add("column", n, Removed, describeColumn(ca))
		default:
			if d := columnChange(ca, cb); d != "" {
				add("column", n, Changed, d)
			}
		}
	}
	switch pa, pb := a.PrimaryKey, b.PrimaryKey; {
	case pa == nil && pb != nil:
		out = append(out, Change{Object: "primary key", Name: a.Name, Change: Added, Detail: "(" + strings.Join(pb.Columns, ", ") + ")"})
	case pa != nil && pb == nil:
		out = append(out, Change{Object: "primary key", Name: a.Name, Change: Removed, Detail: "(" + strings.Join(pa.Columns, ", ") + ")"})
	case pa != nil && !slices.Equal(pa.Columns, pb.Columns):
		out = append(out, Change{Object: "primary key", Name: a.Name, Change: Changed, Detail: "(" + strings.Join(pa.Columns, ", ") + ") -> (" + strings.Join(pb.Columns, ", ") + ")"})
	}
	diffNamed(&out, "index", a.Name, a.Indexes, b.Indexes, func(i *Index) string { return i.Name }, describeIndex)
	diffNamed(&out, "unique", a.Name, a.Uniques, b.Uniques, func(i *Index) string { return i.Name }, describeIndex)
	diffNamed(&out, "foreign key", a.Name, a.ForeignKeys, b.ForeignKeys, func(f *ForeignKey) string { return f.Name }, describeFK)
	checkKey := func(c *Check) string {
		if c.Name == "" {
			return c.Expr
		}
		return c.Name
	}
	diffNamed(&out, "check", a.Name, a.Checks, b.Checks, checkKey, func(c *Check) string { return c.Expr })
	diffNamed(&out, "trigger", a.Name, a.Triggers, b.Triggers, func(s string) string { return s }, func(string) string { return "" })
	return out
}

// diffNamed compares two lists of objects matched by key; describe gives
// the text that must be equal, shown as the detail.
func diffNamed[T any](out *[]Change, object, table string, a, b []T, key func(T) string, describe func(T) string) {
	am, bm := map[string]T{}, map[string]T{}
	for _, x := range a {
		am[key(x)] = x
	}
	for _, x := range b {
		bm[key(x)] = x
	}
	for _, k := range union(am, bm) {
		xa, ina := am[k]
		xb, inb := bm[k]
		name := table + "." + k
		switch {
		case !ina:
			*out = append(*out, Change{Object: object, Name: name, Change: Added, Detail: describe(xb)})
		case !inb:
			*out = append(*out, Change{Object: object, Name: name, Change: Removed, Detail: describe(xa)})
		case describe(xa) != describe(xb):
			*out = append(*out, Change{Object: object, Name: name, Change: Changed, Detail: describe(xa) + " -> " + describe(xb)})
		}
	}
}

func union[V any](a, b map[string]V) []string {
	keys := sortedKeys(a)
	for _, k := range sortedKeys(b) {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func columnList(t *Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return fmt.Sprintf("%d columns: %s", len(names), strings.Join(names, ", "))
}

func describeColumn(c *Column) string {
	s := c.Type
	if !c.Nullable {
		s += " NOT NULL"
	}
	if c.HasDefault {
		s += " DEFAULT " + c.Default
	}
	if c.Generated != "" {
		s += " GENERATED (" + c.Generated + ")"
	}
	if c.AutoIncrement {
		s += " auto-increment"
	}
	return s
}

func columnChange(a, b *Column) string {
	var parts []string
	if a.Type != b.Type {
		parts = append(parts, "type "+a.Type+" -> "+b.Type)
	}
	if a.Nullable != b.Nullable {
		parts = append(parts, "nullable "+nullWord(a.Nullable)+" -> "+nullWord(b.Nullable))
	}
	if a.HasDefault != b.HasDefault || a.Default != b.Default {
		parts = append(parts, "default "+defaultWord(a)+" -> "+defaultWord(b))
	}
	if a.Generated != b.Generated {
		parts = append(parts, "generated "+orNone(a.Generated)+" -> "+orNone(b.Generated))
	}
	if a.AutoIncrement != b.AutoIncrement {
		parts = append(parts, fmt.Sprintf("auto-increment %t -> %t", a.AutoIncrement, b.AutoIncrement))
	}
	return strings.Join(parts, "; ")
}

func nullWord(n bool) string {
	if n {
		return "NULL"
	}
	return "NOT NULL"
}

func defaultWord(c *Column) string {
	if !c.HasDefault {
		return "none"
	}
	return c.Default
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func describeIndex(i *Index) string {
	s := "(" + strings.Join(i.Columns, ", ") + ")"
	if i.Unique {
		s = "unique " + s
	}
	if i.Method != "" && i.Method != "btree" {
		s += " using " + i.Method
	}
	if i.Predicate != "" {
		s += " where " + i.Predicate
	}
	return s
}

func describeFK(f *ForeignKey) string {
	s := "(" + strings.Join(f.Columns, ", ") + ") references " + f.RefTable + "(" + strings.Join(f.RefColumns, ", ") + ")"
	if f.OnDelete != "" && f.OnDelete != "NO ACTION" {
		s += " on delete " + f.OnDelete
	}
	if f.OnUpdate != "" && f.OnUpdate != "NO ACTION" {
		s += " on update " + f.OnUpdate
	}
	return s
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + " ..."
	}
	return s
}

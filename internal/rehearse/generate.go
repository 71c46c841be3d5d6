package rehearse

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/schema"
)

// Filled is what the generator did to one table.
type Filled struct {
	Table string `json:"table"`
	// Rows is how many rows it inserted.
	Rows int `json:"rows"`
	// Skipped says why it inserted none ("" when it did).
	Skipped string `json:"skipped,omitempty"`
	// Note says why it inserted fewer than asked ("" when it did not).
	Note string `json:"note,omitempty"`
}

// generator fills every table of a snapshot with rows.
type generator struct {
	db      *sql.DB
	dialect string
	s       *schema.Schema
	rows    int
	// keys are the parent rows' referenced values, per table and column
	// list, read after the table is filled.
	done map[string]bool
	out  []Filled
}

// Generate inserts rows rows into every table of s, parents before
// children. A table it cannot fill is reported and skipped; only a failing
// connection is an error.
func Generate(ctx context.Context, db *sql.DB, dialect string, s *schema.Schema, rows int) ([]Filled, error) {
	g := &generator{db: db, dialect: dialect, s: s, rows: rows, done: map[string]bool{}}
	for _, name := range g.order() {
		f := g.fill(ctx, s.Tables[name])
		if err := ctx.Err(); err != nil {
			return g.out, err
		}
		g.out = append(g.out, f)
		g.done[name] = f.Skipped == ""
	}
	return g.out, nil
}

// order puts parents before children (Kahn's algorithm on the foreign
// keys, by name where free); tables in a cycle come last, by name, and
// their links into the cycle are filled with NULLs.
func (g *generator) order() []string {
	deps := map[string]map[string]bool{}
	for name, t := range g.s.Tables {
		deps[name] = map[string]bool{}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != name && g.s.Tables[fk.RefTable] != nil {
				deps[name][fk.RefTable] = true
			}
		}
	}
	var out []string
	placed := map[string]bool{}
	for {
		var ready []string
		for name, d := range deps {
			if placed[name] {
				continue
			}
			ok := true
			for p := range d {
				if !placed[p] {
					ok = false
					break
				}
			}
			if ok {
				ready = append(ready, name)
			}
		}
		if len(ready) == 0 {
			break
		}
		slices.Sort(ready)
		for _, n := range ready {
			placed[n] = true
			out = append(out, n)
		}
	}
	var rest []string
	for name := range deps {
		if !placed[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// colPlan is how one column is filled.
type colPlan struct {
	col      *schema.Column
	ct       colType
	distinct bool
	ord      int
	fk       *fkPlan // set when the column comes from a parent row
	fkIndex  int     // the column's position in fk
	null     bool    // always NULL (a link into a cycle)
}

// fkPlan is a foreign key whose columns take a parent row's values.
type fkPlan struct {
	fk      *schema.ForeignKey
	parents [][]any
	// distinct: each child row takes its own parent row.
	distinct bool
	// stride: row i takes parent (i / stride) % len(parents), so that
	// several foreign keys of one composite unique key make distinct tuples.
	stride int
}

func (g *generator) fill(ctx context.Context, t *schema.Table) Filled {
	f := Filled{Table: t.Name}
	skip := func(format string, args ...any) Filled {
		f.Skipped = fmt.Sprintf(format, args...)
		return f
	}
	rows := g.rows
	unique := uniqueSets(t)
	checks := checkValues(t)

	plans := map[string]*colPlan{}
	var cols []*colPlan
	for ord, c := range t.Columns {
		p := &colPlan{col: c, ord: ord, ct: classify(g.dialect, c.Type, g.s.Enums)}
		if vals, ok := checks.values[c.Name]; ok {
			p.ct.values = vals
		}
		if checks.json[c.Name] {
			p.ct = colType{kind: kJSON}
		}
		plans[c.Name] = p
		cols = append(cols, p)
	}

	// Foreign keys first: their columns take parents' values.
	var fks []*fkPlan
	for _, fk := range t.ForeignKeys {
		nullable := true
		for _, c := range fk.Columns {
			if p := plans[c]; p == nil || !p.col.Nullable {
				nullable = false
			}
		}
		parent := g.s.Tables[fk.RefTable]
		switch {
		case parent == nil:
			if !nullable {
				return skip("foreign key %s references %s, which is not in the schema", fk.Name, fk.RefTable)
			}
		case fk.RefTable == t.Name || !g.done[fk.RefTable]:
			if !nullable {
				if _, seen := g.done[fk.RefTable]; seen && fk.RefTable != t.Name {
					return skip("foreign key %s (%s) is NOT NULL and its parent table %s was skipped", fk.Name, strings.Join(fk.Columns, ", "), fk.RefTable)
				}
				why := "a foreign key cycle"
				if fk.RefTable == t.Name {
					why = "a self-reference"
				}
				return skip("foreign key %s (%s) is NOT NULL and part of %s: no parent row can exist first", fk.Name, strings.Join(fk.Columns, ", "), why)
			}
		default:
			parents, err := g.parentRows(ctx, parent, fk)
			if err != nil {
				return skip("could not read the rows of parent table %s: %v", fk.RefTable, err)
			}
			if len(parents) == 0 {
				if !nullable {
					return skip("foreign key %s needs rows in %s, which has none", fk.Name, fk.RefTable)
				}
				break
			}
			fp := &fkPlan{fk: fk, parents: parents, stride: 1}
			fks = append(fks, fp)
			for i, c := range fk.Columns {
				if p := plans[c]; p != nil && p.fk == nil {
					p.fk, p.fkIndex = fp, i
				}
			}
			continue
		}
		for _, c := range fk.Columns {
			if p := plans[c]; p != nil && p.fk == nil {
				p.null = true
			}
		}
	}

	// Unique keys: one column of each takes distinct values; a key made
	// only of foreign-key columns takes distinct parent combinations.
	for _, set := range unique {
		if set.hasAuto(plans) {
			continue // the engine numbers it
		}
		var own *colPlan
		var linked []*fkPlan
		for _, c := range set {
			p := plans[c]
			if p == nil {
				continue
			}
			if p.fk != nil {
				if !slices.Contains(linked, p.fk) {
					linked = append(linked, p.fk)
				}
				continue
			}
			if own == nil && !p.null && p.ct.kind != kUnknown {
				own = p
			}
		}
		if own != nil {
			own.distinct = true
			if c := own.ct.capacity(); c > 0 && c < rows {
				rows = c
				f.Note = fmt.Sprintf("%d rows: unique column %s (%s) holds only %d distinct values", c, own.col.Name, own.col.Type, c)
			}
			continue
		}
		if len(linked) == 0 {
			continue
		}
		combos := 1
		for _, fp := range linked {
			fp.distinct = true
			fp.stride = combos
			combos *= len(fp.parents)
		}
		if combos < rows {
			rows = combos
			f.Note = fmt.Sprintf("%d rows: unique key (%s) takes its values from parent rows, which allow only %d combinations", combos, strings.Join(set, ", "), combos)
		}
	}

	var ins []*colPlan
	for _, p := range cols {
		switch {
		case p.fk != nil:
			ins = append(ins, p)
		case p.null:
			ins = append(ins, p)
		case skipColumn(p.col) && !(p.distinct && !volatileDefault(p.col)):
			// the engine fills it: generated, numbered or a default
		case p.ct.kind == kUnknown:
			if !p.col.Nullable {
				return skip("column %s has type %s, which the row generator cannot fill, and is NOT NULL without a default", p.col.Name, p.col.Type)
			}
			p.null = true
			ins = append(ins, p)
		case len(p.ct.values) == 0 && (p.ct.kind == kEnum):
			return skip("column %s: enum type %s has no values", p.col.Name, p.col.Type)
		default:
			ins = append(ins, p)
		}
	}
	n, err := g.insert(ctx, t, ins, rows)
	if err != nil {
		return skip("the database rejected the generated rows (%v); add realistic rows for it in seed-file", err)
	}
	f.Rows = n
	return f
}

// skipColumn reports whether the engine fills the column itself.
func skipColumn(c *schema.Column) bool {
	return c.Generated != "" || c.AutoIncrement || c.HasDefault
}

// volatileDefault reports whether a default computes a new value per row
// (nextval, gen_random_uuid(), now()): a unique column keeps it.
func volatileDefault(c *schema.Column) bool {
	return c.AutoIncrement || c.Generated != "" || strings.Contains(c.Default, "(")
}

type uniqueSet []string

func (u uniqueSet) hasAuto(plans map[string]*colPlan) bool {
	for _, c := range u {
		if p := plans[c]; p != nil && (p.col.AutoIncrement || volatileDefault(p.col) && p.col.HasDefault) {
			return true
		}
	}
	return false
}

// uniqueSets are the column lists that must hold distinct values.
func uniqueSets(t *schema.Table) []uniqueSet {
	var out []uniqueSet
	if t.PrimaryKey != nil {
		out = append(out, t.PrimaryKey.Columns)
	}
	for _, ix := range append(slices.Clone(t.Uniques), t.Indexes...) {
		if ix.Unique {
			out = append(out, ix.Columns)
		}
	}
	return out
}

// checkInfo is what the generator reads from check constraints: a check
// naming one column and listing string literals (status IN ('a', 'b'))
// restricts it to those; MariaDB's json_valid(col) marks a JSON column.
type checkInfo struct {
	values map[string][]string
	json   map[string]bool
}

func checkValues(t *schema.Table) checkInfo {
	ci := checkInfo{values: map[string][]string{}, json: map[string]bool{}}
	for _, ch := range t.Checks {
		var named []string
		// A column's name inside a string literal ('paid') is no mention.
		low := quotedRe.ReplaceAllString(strings.ToLower(ch.Expr), "''")
		for _, c := range t.Columns {
			if mentions(low, strings.ToLower(c.Name)) {
				named = append(named, c.Name)
			}
		}
		if len(named) != 1 {
			continue
		}
		if strings.Contains(low, "json_valid") {
			ci.json[named[0]] = true
			continue
		}
		if vals := quoted(ch.Expr); len(vals) > 0 {
			ci.values[named[0]] = vals
		}
	}
	return ci
}

// mentions reports whether word occurs in s as a whole identifier.
func mentions(s, word string) bool {
	if word == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isIdent(s[j-1])
		after := j+len(word) >= len(s) || !isIdent(s[j+len(word)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// parentRows reads the referenced columns of up to 10,000 parent rows.
func (g *generator) parentRows(ctx context.Context, parent *schema.Table, fk *schema.ForeignKey) ([][]any, error) {
	refs := fk.RefColumns
	if len(refs) == 0 || refs[0] == "" { // SQLite: the parent's primary key
		if parent.PrimaryKey == nil {
			return nil, fmt.Errorf("%s has no primary key for %s to reference", parent.Name, fk.Name)
		}
		refs = parent.PrimaryKey.Columns
	}
	quotedCols := make([]string, len(refs))
	notNull := make([]string, len(refs))
	for i, c := range refs {
		quotedCols[i] = g.ident(c)
		notNull[i] = g.ident(c) + " IS NOT NULL"
	}
	q := "SELECT DISTINCT " + strings.Join(quotedCols, ", ") + " FROM " + g.table(parent.Name) + " WHERE " + strings.Join(notNull, " AND ") + " LIMIT 10000"
	rows, err := g.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(refs))
		ptrs := make([]any, len(refs))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// insert writes n rows in one transaction, several rows per statement.
func (g *generator) insert(ctx context.Context, t *schema.Table, cols []*colPlan, n int) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	if len(cols) == 0 {
		q := "INSERT INTO " + g.table(t.Name) + " DEFAULT VALUES"
		if g.dialect == schema.MySQL {
			q = "INSERT INTO " + g.table(t.Name) + " () VALUES ()"
		}
		for range n {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return 0, err
			}
		}
		return n, tx.Commit()
	}
	names := make([]string, len(cols))
	for i, p := range cols {
		names[i] = g.ident(p.col.Name)
	}
	head := "INSERT INTO " + g.table(t.Name) + " (" + strings.Join(names, ", ") + ") VALUES "
	batch := max(1, min(500, 30000/len(cols)))
	args := make([]any, 0, batch*len(cols))
	var sb strings.Builder
	for start := 0; start < n; start += batch {
		end := min(n, start+batch)
		sb.Reset()
		sb.WriteString(head)
		args = args[:0]
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for j, p := range cols {
				if j > 0 {
					sb.WriteString(", ")
				}
				args = append(args, g.cell(p, i))
				sb.WriteString(g.placeholder(len(args)))
			}
			sb.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return 0, err
		}
	}
	return n, tx.Commit()
}

// cell is row i's value for column p.
func (g *generator) cell(p *colPlan, i int) any {
	switch {
	case p.null:
		return nil
	case p.fk != nil:
		fp := p.fk
		if p.col.Nullable && !fp.distinct && i%10 == 3 {
			return nil
		}
		k := (i * 7) % len(fp.parents)
		if fp.distinct {
			k = (i / fp.stride) % len(fp.parents)
		}
		return fp.parents[k][p.fkIndex]
	case p.col.Nullable && !p.distinct && i%10 == 3:
		// One row in ten is NULL, as in real data.
		return nil
	}
	return value(g.dialect, p.ct, i, p.distinct, p.ord)
}

func (g *generator) placeholder(n int) string {
	if g.dialect == schema.Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// ident quotes an identifier for the engine.
func (g *generator) ident(name string) string {
	if g.dialect == schema.MySQL {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// table quotes a snapshot's table key ("orders", "audit.events").
func (g *generator) table(key string) string {
	if g.dialect == schema.Postgres {
		if sch, name, ok := strings.Cut(key, "."); ok {
			return g.ident(sch) + "." + g.ident(name)
		}
	}
	return g.ident(key)
}

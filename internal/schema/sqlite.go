package schema

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The SQLite reader uses sqlite_master and the pragma table functions
// (table_xinfo, index_list, index_xinfo, foreign_key_list). SQLite keeps no
// catalog of check constraints or partial-index predicates: those are read
// from the CREATE statement it stores. Names are lower-cased (SQLite
// compares identifiers case-insensitively).

func inspectSQLite(ctx context.Context, q Queryer) (*Schema, error) {
	s := New()
	low := strings.ToLower
	type object struct{ kind, name, table, sql string }
	var objs []object
	err := each(ctx, q, `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
		func(scan func(...any) error) error {
			var o object
			if err := scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
				return err
			}
			objs = append(objs, o)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read sqlite_master: %w", err)
	}
	indexSQL := map[string]string{}
	for _, o := range objs {
		switch o.kind {
		case "table":
			t := s.table(low(o.name))
			if err := sqliteTable(ctx, q, o.name, t); err != nil {
				return nil, err
			}
			t.Checks = checksOf(o.sql)
		case "view":
			s.Views[low(o.name)] = &View{Name: low(o.name), Definition: strings.TrimSpace(o.sql)}
		case "index":
			indexSQL[low(o.name)] = o.sql
		}
	}
	for _, o := range objs {
		if o.kind == "trigger" {
			if t := s.Tables[low(o.table)]; t != nil {
				t.Triggers = append(t.Triggers, low(o.name))
			}
		}
	}
	for _, o := range objs {
		if o.kind != "table" {
			continue
		}
		if err := sqliteIndexes(ctx, q, o.name, s.Tables[low(o.name)], indexSQL); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func sqliteTable(ctx context.Context, q Queryer, name string, t *Table) error {
	type pkCol struct {
		n    int
		name string
	}
	var pk []pkCol
	err := each(ctx, q, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)`,
		func(scan func(...any) error) error {
			var col, typ string
			var notNull, pkn, hidden int
			var def sql.NullString
			if err := scan(&col, &typ, &notNull, &def, &pkn, &hidden); err != nil {
				return err
			}
			if hidden == 1 { // a virtual table's hidden column
				return nil
			}
			c := &Column{Name: strings.ToLower(col), Type: strings.ToLower(typ), Nullable: notNull == 0 && pkn == 0}
			switch {
			case hidden == 2:
				c.Generated = "virtual"
			case hidden == 3:
				c.Generated = "stored"
			case def.Valid:
				c.Default, c.HasDefault = def.String, true
			}
			if pkn > 0 {
				pk = append(pk, pkCol{pkn, c.Name})
			}
			t.Columns = append(t.Columns, c)
			return nil
		}, name)
	if err != nil {
		return fmt.Errorf("read columns of %s: %w", name, err)
	}
	if len(pk) > 0 {
		cols := make([]string, len(pk))
		for _, p := range pk {
			cols[p.n-1] = p.name
		}
		t.PrimaryKey = &Index{Name: "primary key", Columns: cols, Unique: true}
		if len(pk) == 1 {
			if c := t.Column(pk[0].name); c != nil && c.Type == "integer" {
				c.AutoIncrement = true // the rowid
				c.Nullable = false
			}
		}
	}
	if err := sqliteForeignKeys(ctx, q, name, t); err != nil {
		return err
	}
	return nil
}

func sqliteForeignKeys(ctx context.Context, q Queryer, name string, t *Table) error {
	byID := map[int]*ForeignKey{}
	var order []int
	err := each(ctx, q, `SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`,
		func(scan func(...any) error) error {
			var id int
			var ref, from, upd, del string
			var to sql.NullString
			if err := scan(&id, &ref, &from, &to, &upd, &del); err != nil {
				return err
			}
			fk := byID[id]
			if fk == nil {
				fk = &ForeignKey{RefTable: strings.ToLower(ref), OnDelete: del, OnUpdate: upd}
				byID[id] = fk
				order = append(order, id)
			}
			fk.Columns = append(fk.Columns, strings.ToLower(from))
			fk.RefColumns = append(fk.RefColumns, strings.ToLower(to.String)) // "" = the parent's primary key
			return nil
		}, name)
	if err != nil {
		return fmt.Errorf("read foreign keys of %s: %w", name, err)
	}
	for _, id := range order {
		fk := byID[id]
		// SQLite keeps no constraint names: name it by what it links.
		fk.Name = t.Name + "(" + strings.Join(fk.Columns, ",") + ") -> " + fk.RefTable
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	return nil
}

func sqliteIndexes(ctx context.Context, q Queryer, table string, t *Table, indexSQL map[string]string) error {
	type entry struct {
		name   string
		unique bool
		origin string
	}
	var list []entry
	err := each(ctx, q, `SELECT name, "unique", origin FROM pragma_index_list(?)`,
		func(scan func(...any) error) error {
			var e entry
			if err := scan(&e.name, &e.unique, &e.origin); err != nil {
				return err
			}
			list = append(list, e)
			return nil
		}, table)
	if err != nil {
		return fmt.Errorf("read indexes of %s: %w", table, err)
	}
	for _, e := range list {
		if e.origin == "pk" {
			continue // the primary key, read from the columns
		}
		ix := &Index{Name: strings.ToLower(e.name), Unique: e.unique, Columns: []string{}}
		err := each(ctx, q, `SELECT name, "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`,
			func(scan func(...any) error) error {
				var col sql.NullString
				var desc int
				if err := scan(&col, &desc); err != nil {
					return err
				}
				c := "(expression)"
				if col.Valid {
					c = strings.ToLower(col.String)
				}
				if desc == 1 {
					c += " DESC"
				}
				ix.Columns = append(ix.Columns, c)
				return nil
			}, e.name)
		if err != nil {
			return fmt.Errorf("read index %s: %w", e.name, err)
		}
		if e.origin == "u" {
			if strings.HasPrefix(ix.Name, "sqlite_autoindex_") {
				// Numbered by position in CREATE TABLE: name it by its columns.
				ix.Name = "unique (" + strings.Join(ix.Columns, ",") + ")"
			}
			t.Uniques = append(t.Uniques, ix)
			continue
		}
		ix.Predicate = predicateOf(indexSQL[ix.Name])
		t.Indexes = append(t.Indexes, ix)
	}
	return nil
}

// tokens splits SQL into words, punctuation and quoted pieces, dropping
// comments and white space; enough to find CHECK (...) and WHERE.
func tokens(src string) []string {
	var out []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				i = len(src)
			} else {
				i += end + 4
			}
		case c == '\'' || c == '"' || c == '`' || c == '[':
			close := c
			if c == '[' {
				close = ']'
			}
			j := i + 1
			for j < len(src) {
				if src[j] == close {
					if j+1 < len(src) && src[j+1] == close && close != ']' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			out = append(out, src[i:min(j+1, len(src))])
			i = j + 1
		case isWord(c):
			j := i
			for j < len(src) && isWord(src[j]) {
				j++
			}
			out = append(out, src[i:j])
			i = j
		default:
			out = append(out, src[i:i+1])
			i++
		}
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// checksOf finds the CHECK constraints of a CREATE TABLE statement.
func checksOf(create string) []*Check {
	toks := tokens(create)
	var out []*Check
	for i := 0; i < len(toks); i++ {
		if !strings.EqualFold(toks[i], "check") || i+1 >= len(toks) || toks[i+1] != "(" {
			continue
		}
		depth, j := 0, i+1
		for ; j < len(toks); j++ {
			if toks[j] == "(" {
				depth++
			} else if toks[j] == ")" {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		expr := strings.Join(toks[i+2:min(j, len(toks))], " ")
		name := ""
		if i >= 2 && strings.EqualFold(toks[i-2], "constraint") {
			name = strings.ToLower(strings.Trim(toks[i-1], "\"`[]"))
		}
		out = append(out, &Check{Name: name, Expr: expr})
		i = j
	}
	return out
}

// predicateOf is the WHERE clause of a CREATE INDEX statement.
func predicateOf(create string) string {
	toks := tokens(create)
	depth := 0
	for i, t := range toks {
		switch {
		case t == "(":
			depth++
		case t == ")":
			depth--
		case depth == 0 && strings.EqualFold(t, "where"):
			return strings.Join(toks[i+1:], " ")
		}
	}
	return ""
}

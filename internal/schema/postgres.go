package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// The PostgreSQL reader uses pg_catalog only: every role may read it, also
// one without SELECT on the tables (information_schema hides what the role
// has no privilege on, which would make a read-only drift check see holes).
// Objects of extensions are left out: CREATE EXTENSION made them, not the
// migrations' own DDL.

// pgUser restricts pg_class rows (alias c, namespace n) to user objects.
const pgUser = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`

func inspectPostgres(ctx context.Context, q Queryer) (*Schema, error) {
	s := New()
	var def string
	if err := each(ctx, q, `SELECT COALESCE(current_schema(), 'public')`, func(scan func(...any) error) error { return scan(&def) }); err != nil {
		return nil, err
	}
	qual := func(nsp, name string) string {
		if nsp == def {
			return name
		}
		return nsp + "." + name
	}
	byOID := map[uint32]*Table{}
	err := each(ctx, q, `SELECT c.oid, n.nspname, c.relname, c.relkind, CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '' END
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND `+pgUser+`
		AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))`,
		func(scan func(...any) error) error {
			var oid uint32
			var nsp, name, kind, viewdef string
			if err := scan(&oid, &nsp, &name, &kind, &viewdef); err != nil {
				return err
			}
			key := qual(nsp, name)
			switch kind {
			case "r", "p":
				byOID[oid] = s.table(key)
			case "v", "m":
				s.Views[key] = &View{Name: key, Definition: strings.TrimSpace(viewdef), Materialized: kind == "m"}
			case "S":
				s.Sequences[key] = &Sequence{Name: key}
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list relations: %w", err)
	}

	err = each(ctx, q, `SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
			COALESCE(pg_get_expr(ad.adbin, ad.adrelid), ''), ad.adbin IS NOT NULL, a.attidentity::text, a.attgenerated::text
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND `+pgUser+`
		ORDER BY a.attrelid, a.attnum`,
		func(scan func(...any) error) error {
			var oid uint32
			var col Column
			var expr, identity, generated string
			var hasExpr bool
			if err := scan(&oid, &col.Name, &col.Type, &col.Nullable, &expr, &hasExpr, &identity, &generated); err != nil {
				return err
			}
			t := byOID[oid]
			if t == nil {
				return nil
			}
			switch {
			case generated != "":
				col.Generated = expr
			case hasExpr:
				col.Default, col.HasDefault = expr, true
			}
			col.AutoIncrement = identity != ""
			t.Columns = append(t.Columns, &col)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}

	rules := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	err = each(ctx, q, `SELECT co.conrelid, co.conname, co.contype::text, pg_get_constraintdef(co.oid),
			COALESCE((SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(co.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n), '[]'),
			COALESCE((SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(co.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n), '[]'),
			COALESCE((SELECT rn.nspname FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = co.confrelid), ''),
			COALESCE((SELECT rc.relname FROM pg_class rc WHERE rc.oid = co.confrelid), ''),
			co.confdeltype::text, co.confupdtype::text
		FROM pg_constraint co WHERE co.conrelid <> 0 AND co.contype IN ('p', 'u', 'f', 'c')`,
		func(scan func(...any) error) error {
			var oid uint32
			var name, kind, def, cols, refCols, refNsp, refName, del, upd string
			if err := scan(&oid, &name, &kind, &def, &cols, &refCols, &refNsp, &refName, &del, &upd); err != nil {
				return err
			}
			t := byOID[oid]
			if t == nil {
				return nil
			}
			var cs, rcs []string
			if err := json.Unmarshal([]byte(cols), &cs); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(refCols), &rcs); err != nil {
				return err
			}
			switch kind {
			case "p":
				t.PrimaryKey = &Index{Name: name, Columns: cs, Unique: true}
			case "u":
				t.Uniques = append(t.Uniques, &Index{Name: name, Columns: cs, Unique: true})
			case "f":
				t.ForeignKeys = append(t.ForeignKeys, &ForeignKey{Name: name, Columns: cs, RefTable: qual(refNsp, refName), RefColumns: rcs, OnDelete: rules[del], OnUpdate: rules[upd]})
			case "c":
				t.Checks = append(t.Checks, &Check{Name: name, Expr: def})
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list constraints: %w", err)
	}

	// Indexes that back a primary key or unique constraint are shown as
	// that constraint only.
	err = each(ctx, q, `SELECT i.indrelid, ic.relname, i.indisunique, am.amname, COALESCE(pg_get_expr(i.indpred, i.indrelid), ''),
			(SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnatts) k)
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
		WHERE NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))`,
		func(scan func(...any) error) error {
			var oid uint32
			var ix Index
			var cols string
			if err := scan(&oid, &ix.Name, &ix.Unique, &ix.Method, &ix.Predicate, &cols); err != nil {
				return err
			}
			t := byOID[oid]
			if t == nil {
				return nil
			}
			if err := json.Unmarshal([]byte(cols), &ix.Columns); err != nil {
				return err
			}
			t.Indexes = append(t.Indexes, &ix)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}

	err = each(ctx, q, `SELECT tgrelid, tgname FROM pg_trigger WHERE NOT tgisinternal`,
		func(scan func(...any) error) error {
			var oid uint32
			var name string
			if err := scan(&oid, &name); err != nil {
				return err
			}
			if t := byOID[oid]; t != nil {
				t.Triggers = append(t.Triggers, name)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}

	err = each(ctx, q, `SELECT n.nspname, t.typname, json_agg(e.enumlabel ORDER BY e.enumsortorder)
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
		WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
		GROUP BY n.nspname, t.typname`,
		func(scan func(...any) error) error {
			var nsp, name, vals string
			if err := scan(&nsp, &name, &vals); err != nil {
				return err
			}
			e := &Enum{Name: qual(nsp, name)}
			if err := json.Unmarshal([]byte(vals), &e.Values); err != nil {
				return err
			}
			s.Enums[e.Name] = e
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list enum types: %w", err)
	}
	return s, nil
}

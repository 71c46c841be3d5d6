package schema

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// The MySQL/MariaDB reader uses information_schema of the connection's
// database. Names are lower-cased: MySQL compares column and index names
// case-insensitively. A SELECT-only user sees the tables it may select
// from; view definitions need SHOW VIEW as well.

func inspectMySQL(ctx context.Context, q Queryer) (*Schema, error) {
	s := New()
	var db string
	if err := each(ctx, q, `SELECT DATABASE()`, func(scan func(...any) error) error { return scan(&db) }); err != nil {
		return nil, err
	}
	low := strings.ToLower
	// View definitions and generated expressions name the database itself
	// (`db`.`t`); leave it out so a scratch database compares equal.
	unqualify := strings.NewReplacer("`"+db+"`.", "").Replace

	err := each(ctx, q, `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
		func(scan func(...any) error) error {
			var name, kind string
			if err := scan(&name, &kind); err != nil {
				return err
			}
			if kind == "BASE TABLE" {
				s.table(low(name))
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}

	err = each(ctx, q, `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COALESCE(GENERATION_EXPRESSION, '')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
		func(scan func(...any) error) error {
			var table, name, typ, nullable, extra, gen string
			var def sql.NullString
			if err := scan(&table, &name, &typ, &nullable, &def, &extra, &gen); err != nil {
				return err
			}
			t := s.Tables[low(table)]
			if t == nil {
				return nil // a view's column
			}
			c := &Column{Name: low(name), Type: low(typ), Nullable: nullable == "YES"}
			ex := low(extra)
			switch {
			case strings.Contains(ex, "generated"):
				c.Generated = unqualify(gen)
			case def.Valid && def.String != "NULL": // MariaDB spells "no default" as NULL
				c.Default, c.HasDefault = def.String, true
			}
			c.AutoIncrement = strings.Contains(ex, "auto_increment")
			t.Columns = append(t.Columns, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}

	idx := map[string]*Index{}
	err = each(ctx, q, `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
		func(scan func(...any) error) error {
			var table, name, method string
			var nonUnique int
			var col, sub sql.NullString
			if err := scan(&table, &name, &nonUnique, &col, &sub, &method); err != nil {
				return err
			}
			t := s.Tables[low(table)]
			if t == nil {
				return nil
			}
			key := low(table) + "\x00" + low(name)
			ix := idx[key]
			if ix == nil {
				ix = &Index{Name: low(name), Unique: nonUnique == 0, Method: low(method), Columns: []string{}}
				idx[key] = ix
				if name == "PRIMARY" {
					ix.Method = ""
					t.PrimaryKey = ix
				} else {
					t.Indexes = append(t.Indexes, ix)
				}
			}
			c := "(expression)"
			if col.Valid {
				c = low(col.String)
			}
			if sub.Valid {
				c += "(" + sub.String + ")"
			}
			ix.Columns = append(ix.Columns, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}

	// REFERENTIAL_CONSTRAINTS (the ON DELETE/UPDATE rules) is empty for a
	// SELECT-only user; KEY_COLUMN_USAGE and SHOW CREATE TABLE are not.
	fks := map[string]*ForeignKey{}
	err = each(ctx, q, `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
		ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
		func(scan func(...any) error) error {
			var table, name, col, refSchema, refTable, refCol string
			if err := scan(&table, &name, &col, &refSchema, &refTable, &refCol); err != nil {
				return err
			}
			t := s.Tables[low(table)]
			if t == nil {
				return nil
			}
			key := low(table) + "\x00" + low(name)
			fk := fks[key]
			if fk == nil {
				ref := low(refTable)
				if refSchema != db {
					ref = low(refSchema) + "." + ref
				}
				fk = &ForeignKey{Name: low(name), RefTable: ref}
				fks[key] = fk
				t.ForeignKeys = append(t.ForeignKeys, fk)
			}
			fk.Columns = append(fk.Columns, low(col))
			fk.RefColumns = append(fk.RefColumns, low(refCol))
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	for _, name := range s.TableNames() {
		t := s.Tables[name]
		if len(t.ForeignKeys) == 0 {
			continue
		}
		if err := mysqlFKRules(ctx, q, t); err != nil {
			return nil, fmt.Errorf("read the foreign keys of %s: %w", name, err)
		}
		for _, fk := range t.ForeignKeys {
			// MySQL numbers unnamed foreign keys in creation order
			// (orders_ibfk_1, _2): name them by what they link instead.
			if autoFK.MatchString(fk.Name) && strings.HasPrefix(fk.Name, t.Name+"_ibfk_") {
				fk.Name = "(" + strings.Join(fk.Columns, ",") + ") -> " + fk.RefTable
			}
		}
	}

	if err := mysqlChecks(ctx, q, s); err != nil {
		return nil, fmt.Errorf("list check constraints: %w", err)
	}

	err = each(ctx, q, `SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
		func(scan func(...any) error) error {
			var table, name string
			if err := scan(&table, &name); err != nil {
				return err
			}
			if t := s.Tables[low(table)]; t != nil {
				t.Triggers = append(t.Triggers, low(name))
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}

	err = each(ctx, q, `SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()`,
		func(scan func(...any) error) error {
			var name, def string
			if err := scan(&name, &def); err != nil {
				return err
			}
			s.Views[low(name)] = &View{Name: low(name), Definition: unqualify(def)}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list views: %w", err)
	}
	return s, nil
}

// mysqlChecks reads CHECK constraints. MariaDB's CHECK_CONSTRAINTS names
// the table (its constraint names are unique per table only); MySQL's does
// not (unique per schema), so there the table comes from TABLE_CONSTRAINTS.
// A server without the view (MySQL before 8.0.16) has no enforced checks.
func mysqlChecks(ctx context.Context, q Queryer, s *Schema) error {
	var hasTable int
	err := each(ctx, q, `SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'CHECK_CONSTRAINTS' AND COLUMN_NAME = 'TABLE_NAME'`,
		func(scan func(...any) error) error { return scan(&hasTable) })
	if err != nil {
		return err
	}
	query := `SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc
		JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
		WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = DATABASE()`
	if hasTable > 0 {
		query = `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`
	}
	err = each(ctx, q, query, func(scan func(...any) error) error {
		var table, name, clause string
		if err := scan(&table, &name, &clause); err != nil {
			return err
		}
		if t := s.Tables[strings.ToLower(table)]; t != nil {
			t.Checks = append(t.Checks, &Check{Name: strings.ToLower(name), Expr: clause})
		}
		return nil
	})
	if err != nil && strings.Contains(err.Error(), "Unknown table") {
		return nil
	}
	return err
}

var autoFK = regexp.MustCompile(`_ibfk_\d+$`)

var fkRuleRe = regexp.MustCompile("(?m)^\\s*CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY .*?(?: ON DELETE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))?(?: ON UPDATE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))?,?$")

// mysqlFKRules reads the ON DELETE and ON UPDATE rules of t's foreign keys
// from SHOW CREATE TABLE, which leaves out the default (RESTRICT).
func mysqlFKRules(ctx context.Context, q Queryer, t *Table) error {
	var name, create string
	err := each(ctx, q, "SHOW CREATE TABLE `"+strings.ReplaceAll(t.Name, "`", "``")+"`", func(scan func(...any) error) error {
		return scan(&name, &create)
	})
	if err != nil {
		return err
	}
	byName := map[string]*ForeignKey{}
	for _, fk := range t.ForeignKeys {
		byName[fk.Name] = fk
	}
	for _, m := range fkRuleRe.FindAllStringSubmatch(create, -1) {
		if fk := byName[strings.ToLower(strings.ReplaceAll(m[1], "``", "`"))]; fk != nil {
			fk.OnDelete, fk.OnUpdate = m[2], m[3]
		}
	}
	return nil
}

package sqllint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// ruleSG206: a type change is judged by the old type when the base's
// history says what it was: widening a PostgreSQL varchar (or making it
// text) changes only the catalog, and a MySQL MODIFY that restates the same
// definition changes nothing.
var ruleSG206 = &rule{
	id:       "SG206",
	severity: finding.Error,
	summary:  "changing a column's type",
	squawk:   "changing-column-type",
	check: func(f *fileInfo) []hit {
		var hits []hit
		for i := range f.stmts {
			st := &f.stmts[i]
			for j := range st.ops {
				o := &st.ops[j]
				if o.kind != opAlterColumnType || f.isNew(o.table, i) {
					continue
				}
				old, known := f.oldType[opRef{i, j}]
				if msg := changeTypeMessage(f, st, o, old, known); msg != "" {
					hits = append(hits, hit{stmt: i, line: st.line, msg: msg})
				}
			}
		}
		return hits
	},
}

func changeTypeMessage(f *fileInfo, st *stmt, o *op, old string, known bool) string {
	if o.redefine {
		if known && old == o.typ {
			return "" // restates the definition the column already has
		}
		if st.algorithm == "instant" {
			return "" // MySQL refuses ALGORITHM=INSTANT unless the change is metadata-only
		}
		return fmt.Sprintf("MODIFY/CHANGE restates column %s (type, nullability, default): unless only metadata changes, MySQL copies the table while blocking writes, and values the running code writes may no longer fit. Expand/contract instead: add a column with the new definition, backfill in batches, switch the code, drop the old one. For a metadata-only change (appending an ENUM value) add ALGORITHM=INSTANT, which the server refuses otherwise; suppress a safe widening with a reason.", qual(o.table, o.column))
	}
	if known && pgMetadataOnlyType(old, o.typ) {
		return ""
	}
	from := ""
	if known && old != "" {
		from = " from " + old
	}
	return fmt.Sprintf("changing the type of %s%s to %s rewrites the table under an ACCESS EXCLUSIVE lock and can break the code still running. Expand/contract instead: add a column with the new type, backfill in batches, switch the code, drop the old column (a metadata-only change such as widening varchar can be suppressed with a reason).", qual(o.table, o.column), from, o.typ)
}

// pgMetadataOnlyType reports whether PostgreSQL changes from type old to
// new without rewriting the table or rechecking rows: a longer or unbounded
// varchar, varchar to text, a numeric with more precision and the same
// scale.
func pgMetadataOnlyType(old, new string) bool {
	on, oargs := splitType(old)
	nn, nargs := splitType(new)
	switch {
	case on == "varchar" && nn == "text", on == "varchar" && nn == "varchar" && len(nargs) == 0:
		return true
	case on == "varchar" && nn == "varchar" && len(oargs) == 1 && len(nargs) == 1:
		return nargs[0] >= oargs[0]
	case on == "numeric" && nn == "numeric" && len(oargs) == 2 && len(nargs) == 2:
		return nargs[0] >= oargs[0] && nargs[1] == oargs[1]
	case on == "numeric" && nn == "numeric" && len(oargs) > 0 && len(nargs) == 0:
		return true
	}
	return false
}

// splitType splits "varchar(256)" into "varchar" and [256]; array types
// and non-integer modifiers give no modifiers and a name that matches no
// rule above.
func splitType(t string) (string, []int) {
	name, rest, ok := strings.Cut(t, "(")
	if !ok {
		return t, nil
	}
	inner, tail, _ := strings.Cut(rest, ")")
	if tail != "" {
		return t, nil // an array of it
	}
	var args []int
	for _, a := range strings.Split(inner, ",") {
		n, err := strconv.Atoi(a)
		if err != nil {
			return t, nil
		}
		args = append(args, n)
	}
	return name, args
}

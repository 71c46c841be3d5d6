package sqllint

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	pgparser "github.com/wasilibs/go-pgquery/parser"
)

// PL/pgSQL bodies. A DO block runs its statements during the migration, and
// so does a function the file calls (SELECT f()). libpg_query's PL/pgSQL
// parser gives each SQL statement of a body with its line in the body; the
// statements are parsed again as SQL and judged on their real lines.

func pgParsePlpgsqlJSON(src string) (out string, err error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the PL/pgSQL parser failed: %v", r)
		}
	}()
	return pgparser.ParsePlPgSqlToJSON(src)
}

// pgCalledFunctions returns the names of functions that a top-level SELECT
// or PERFORM of the file calls.
func pgCalledFunctions(toks []token) map[string]bool {
	called := map[string]bool{}
	inSelect := false
	for i, t := range toks {
		switch {
		case t.punct(';'):
			inSelect = false
		case i == 0 || toks[i-1].punct(';'):
			inSelect = t.is("select")
		case inSelect && (t.kind == tkWord || t.kind == tkIdent) && i+1 < len(toks) && toks[i+1].punct('('):
			called[t.val] = true
		}
	}
	return called
}

// pgBodyStatements returns the statements a DO block or a called PL/pgSQL
// function runs. A body that does not parse is the file's parse error.
func pgBodyStatements(text string, toks []token, start, end int, kind string, body json.RawMessage, called map[string]bool, ls lines) ([]stmt, string) {
	var src string
	var lit token
	switch kind {
	case "DoStmt":
		var v struct {
			Args []struct {
				DefElem struct {
					Defname string `json:"defname"`
					Arg     struct {
						String struct {
							Sval string `json:"sval"`
						} `json:"String"`
					} `json:"arg"`
				} `json:"DefElem"`
			} `json:"args"`
		}
		_ = json.Unmarshal(body, &v)
		code := ""
		for _, a := range v.Args {
			switch a.DefElem.Defname {
			case "language":
				if a.DefElem.Arg.String.Sval != "plpgsql" {
					return nil, ""
				}
			case "as":
				code = a.DefElem.Arg.String.Sval
			}
		}
		var ok bool
		if lit, ok = firstString(toks, start, end); !ok || strings.Contains(code, "$schemagate_do$") {
			return nil, ""
		}
		src = "CREATE FUNCTION schemagate_do() RETURNS void LANGUAGE plpgsql AS $schemagate_do$" + code + "$schemagate_do$"
	case "CreateFunctionStmt":
		var v struct {
			Funcname []struct {
				String struct {
					Sval string `json:"sval"`
				} `json:"String"`
			} `json:"funcname"`
		}
		_ = json.Unmarshal(body, &v)
		n := len(v.Funcname)
		if n == 0 || !called[v.Funcname[n-1].String.Sval] || !strings.Contains(strings.ToLower(string(body)), `"sval":"plpgsql"`) {
			return nil, ""
		}
		var ok bool
		if lit, ok = bodyString(toks, start, end); !ok {
			return nil, ""
		}
		src = text[start:end]
	default:
		return nil, ""
	}
	out, err := pgParsePlpgsqlJSON(src)
	if err != nil {
		msg, _ := pgErrorMessage(err, newLines(src))
		return nil, strings.Replace(msg, "as PostgreSQL", "as PL/pgSQL", 1)
	}
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		return nil, ""
	}
	var queries []plQuery
	walkPlpgsql(tree, func(query string, lineno int) {
		queries = append(queries, plQuery{text: query, lineno: lineno})
	})
	return plStatements(queries, ls.at(lit.off), func(q string) ([]stmt, string) {
		inner := parsePostgres([]byte(q))
		return inner.stmts, inner.err
	})
}

// firstString is the first string token in [start, end): a DO block's body.
func firstString(toks []token, start, end int) (token, bool) {
	for _, t := range toks {
		if t.off >= start && t.off < end && t.kind == tkString {
			return t, true
		}
	}
	return token{}, false
}

// bodyString is the string after AS in a CREATE FUNCTION.
func bodyString(toks []token, start, end int) (token, bool) {
	for i, t := range toks {
		if t.off >= start && t.off < end && t.is("as") && i+1 < len(toks) && toks[i+1].kind == tkString {
			return toks[i+1], true
		}
	}
	return token{}, false
}

// walkPlpgsql calls fn for every SQL statement of a PL/pgSQL tree, in the
// order of the source: plain statements, and EXECUTE of a constant string.
func walkPlpgsql(n any, fn func(query string, lineno int)) {
	switch n := n.(type) {
	case map[string]any:
		for _, k := range plKeyOrder(n) {
			v := n[k]
			m, _ := v.(map[string]any)
			switch k {
			case "PLpgSQL_stmt_execsql":
				if q, ok := plExprQuery(m["sqlstmt"]); ok {
					fn(q, plLine(m))
				}
			case "PLpgSQL_stmt_dynexecute":
				if q, ok := plExprQuery(m["query"]); ok && strings.HasPrefix(q, "'") && strings.HasSuffix(q, "'") && len(q) > 1 {
					inner := q[1 : len(q)-1]
					if !strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
						fn(strings.ReplaceAll(inner, "''", "'"), plLine(m))
					}
				}
			}
			walkPlpgsql(v, fn)
		}
	case []any:
		for _, c := range n {
			walkPlpgsql(c, fn)
		}
	}
}

// plKeyOrder lists a tree node's keys so that the walk follows the
// source: an IF's THEN branch, then its ELSIFs, then its ELSE.
func plKeyOrder(n map[string]any) []string {
	rank := map[string]int{"then_body": -2, "elsif_list": -1, "else_body": 1}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if rank[keys[i]] != rank[keys[j]] {
			return rank[keys[i]] < rank[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

func plExprQuery(v any) (string, bool) {
	m, _ := v.(map[string]any)
	e, _ := m["PLpgSQL_expr"].(map[string]any)
	q, ok := e["query"].(string)
	return q, ok
}

func plLine(m map[string]any) int {
	if f, ok := m["lineno"].(float64); ok && f >= 1 {
		return int(f)
	}
	return 1
}

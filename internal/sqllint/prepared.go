package sqllint

import "strings"

// MySQL migrations that must be idempotent build their DDL in a user
// variable and run it as a prepared statement:
//
//	SET @s = (SELECT IF(<column exists>, 'ALTER TABLE t DROP COLUMN c', 'SELECT 1'));
//	PREPARE stmt FROM @s; EXECUTE stmt;
//
// preparedSQL finds the string literals assigned to a variable that the file
// PREPAREs, so the rules judge the SQL inside them, on the literal's line.

// preparedVars returns the user variables named by PREPARE ... FROM @v.
func preparedVars(spans []span) map[string]bool {
	vars := map[string]bool{}
	for _, sp := range spans {
		t := sp.toks
		if len(t) >= 5 && t[0].is("prepare") && t[2].is("from") && t[3].punct('@') {
			vars[t[4].val] = true
		}
	}
	return vars
}

// assignedSQL returns the string literals of `SET @v = ...` (for a v in
// vars) that start with a statement keyword: the statements it may run.
func assignedSQL(toks []token, vars map[string]bool) []token {
	if len(toks) < 4 || !toks[0].is("set") || !toks[1].punct('@') || !vars[toks[2].val] {
		return nil
	}
	var out []token
	for _, t := range toks[3:] {
		if t.kind != tkString {
			continue
		}
		first := strings.ToLower(strings.Fields(mysqlUnquote(t.val) + " x")[0])
		if _, ok := ddlParsers[first]; ok || first == "update" || first == "delete" {
			out = append(out, t)
		}
	}
	return out
}

// mysqlUnquote undoes MySQL's string escapes: a doubled quote and a backslash.
func mysqlUnquote(s string) string {
	if !strings.ContainsAny(s, `\'`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(s[i])
			}
		case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
			b.WriteByte('\'')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

package sqllint

import "strings"

// Statement is one statement of a migration file, found the way the
// dialect's server cuts a multi-statement string: at semicolons outside
// quotes, comments, dollar quotes and routine bodies.
type Statement struct {
	// Start is the offset of its first token, End the offset just after
	// its semicolon (or its last token).
	Start, End int
	// Line is the 1-based line of its first token.
	Line int
	// Compound is true for a routine or trigger whose body holds
	// semicolons of its own (BEGIN ... END).
	Compound bool
}

// Statements splits src in dialect ("postgres", "mysql", "sqlite"). It
// fails where the lexer does (an unterminated string, quoted identifier or
// comment): the caller then treats the file as one statement.
func Statements(dialect, src string) ([]Statement, error) {
	toks, _, err := lex(dialect, src)
	if err != nil {
		return nil, err
	}
	ls := newLines(src)
	var out []Statement
	for _, sp := range split(toks) {
		st := Statement{Start: sp.start, End: sp.end, Line: ls.at(sp.start)}
		for i, t := range sp.toks {
			if i < 6 && isRoutineWord(t) && sp.toks[0].is("create") {
				st.Compound = true
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// Chunks cuts src into the texts of its statements so that, joined, they
// are src again: each statement with the white space and comments before
// it, the last one also with whatever follows it. Running the chunks one
// after another on one session is running src. ok is false when src
// cannot be cut with certainty (it does not lex, holds a routine body, or
// a MySQL /*! executable comment): run it whole.
func Chunks(dialect, src string) (chunks []string, stmts []Statement, ok bool) {
	stmts, err := Statements(dialect, src)
	if err != nil || len(stmts) == 0 {
		return nil, stmts, false
	}
	if dialect == dialectMySQL && strings.Contains(src, "/*!") {
		return nil, stmts, false
	}
	for _, st := range stmts {
		if st.Compound {
			return nil, stmts, false
		}
	}
	prev := 0
	for i, st := range stmts {
		end := st.End
		if i == len(stmts)-1 {
			end = len(src)
		}
		chunks = append(chunks, src[prev:end])
		prev = end
	}
	return chunks, stmts, true
}

// LineAt is the 1-based line of byte offset off in src.
func LineAt(src string, off int) int { return newLines(src).at(off) }

package sqllint

// MySQL stored procedures: a migration that creates a procedure, CALLs it
// and drops it runs the statements of its body. routineBody finds those
// statements (the leaves under IF / WHILE / LOOP / REPEAT / CASE) so the
// rules judge them on their own lines, as if they were written at the top
// level where the procedure is created.

// routineName returns the name of the procedure a CREATE PROCEDURE span
// creates, or "".
func routineName(toks []token) string {
	for i := 1; i+1 < len(toks) && i < 6; i++ {
		if toks[i].is("procedure") {
			g := &gparser{toks: toks[i+1:], dialect: dialectMySQL}
			name, err := g.name("a procedure name")
			if err != nil {
				return ""
			}
			return name
		}
	}
	return ""
}

// calledRoutines returns the names that CALL statements of the file run.
func calledRoutines(spans []span) map[string]bool {
	called := map[string]bool{}
	for _, sp := range spans {
		if len(sp.toks) > 1 && sp.toks[0].is("call") {
			g := &gparser{toks: sp.toks[1:], dialect: dialectMySQL}
			if name, err := g.name("a procedure name"); err == nil {
				called[name] = true
			}
		}
	}
	return called
}

// bodyLeaves splits the tokens of a routine into the plain statements its
// body runs: control-flow words and their conditions are skipped.
func bodyLeaves(toks []token) [][]token {
	begin := -1
	for i, t := range toks {
		if t.is("begin") {
			begin = i
			break
		}
	}
	if begin < 0 {
		return nil
	}
	body := toks[begin+1:]
	var leaves [][]token
	i := 0
	// skipPast moves i past the next top-level token that stop matches.
	skipPast := func(stop func(token) bool) {
		depth := 0
		for ; i < len(body); i++ {
			switch t := body[i]; {
			case t.punct('('):
				depth++
			case t.punct(')'):
				depth--
			case depth == 0 && stop(t):
				i++
				return
			}
		}
	}
	skipTo := func(word string) { skipPast(func(t token) bool { return t.is(word) }) } // THEN, DO
	skipStatement := func() { skipPast(func(t token) bool { return t.punct(';') }) }
	for i < len(body) {
		t := body[i]
		switch {
		case t.punct(';'):
			i++
		case i+1 < len(body) && body[i+1].punct(':') && (t.kind == tkWord || t.kind == tkIdent):
			i += 2 // a label
		case t.is("if"), t.is("elseif"), t.is("when"):
			skipTo("then")
		case t.is("while"):
			skipTo("do")
		case t.is("case"):
			if i+1 < len(body) && body[i+1].is("when") {
				i++
			} else {
				skipTo("when")
				i--
			}
		case t.is("begin"), t.is("else"), t.is("loop"), t.is("repeat"):
			i++
		case t.is("end"), t.is("until"), t.is("declare"), t.is("leave"), t.is("iterate"):
			skipStatement()
		default:
			start := i
			skipStatement()
			end := i
			if end > start && body[end-1].punct(';') {
				end--
			}
			if end > start {
				leaves = append(leaves, body[start:end])
			}
		}
	}
	return leaves
}

package sqllint

import "sort"

// span is one statement of a file: its tokens (without the terminating
// semicolon) and where it starts and ends in the source.
type span struct {
	toks  []token
	start int // offset of the first token
	end   int // offset just after the last token (or its semicolon)
}

// split cuts a token stream into statements at semicolons. Inside the body
// of CREATE TRIGGER / PROCEDURE / FUNCTION / EVENT, semicolons between BEGIN
// and the matching END belong to the body, the way the server reads it.
func split(toks []token) []span {
	var out []span
	cur := span{start: -1}
	depth := 0
	compound := false
	flush := func(end int) {
		if len(cur.toks) > 0 {
			cur.end = end
			out = append(out, cur)
		}
		cur = span{start: -1}
		depth = 0
		compound = false
	}
	for i, t := range toks {
		if t.punct(';') && depth == 0 {
			flush(t.off + 1)
			continue
		}
		if cur.start < 0 {
			cur.start = t.off
		}
		cur.toks = append(cur.toks, t)
		if len(cur.toks) <= 6 && isRoutineWord(t) && cur.toks[0].is("create") {
			compound = true
		}
		if !compound || t.kind != tkWord {
			continue
		}
		prevEnd := i > 0 && toks[i-1].is("end")
		switch t.val {
		case "begin", "case":
			// CASE the expression ends with END, CASE the statement with
			// END CASE: both close one level.
			if !prevEnd {
				depth++
			}
		case "if", "loop", "repeat", "while":
			// The statements open a block only where a statement starts:
			// IF (...) THEN, IF EXISTS(...) THEN and IF NOT ... THEN are
			// blocks, while IF(a, b, c), REPEAT('x', 3) and DROP TABLE IF
			// EXISTS are not.
			if !prevEnd && i > 0 && atBodyStatementStart(toks[i-1]) {
				depth++
			}
		case "end":
			if depth > 0 {
				depth--
			}
		}
	}
	if len(cur.toks) > 0 {
		last := cur.toks[len(cur.toks)-1]
		flush(last.end)
	}
	return out
}

// atBodyStatementStart reports whether the token before a word makes the
// word the first of a statement inside a compound body.
func atBodyStatementStart(prev token) bool {
	return prev.punct(';') || prev.punct(':') || prev.is("begin") || prev.is("then") || prev.is("else") ||
		prev.is("do") || prev.is("loop") || prev.is("repeat") || prev.is("row")
}

func isRoutineWord(t token) bool {
	return t.is("trigger") || t.is("procedure") || t.is("function") || t.is("event")
}

// lines maps byte offsets to 1-based line numbers.
type lines []int

func newLines(src string) lines {
	ls := lines{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

func (ls lines) at(off int) int {
	return sort.Search(len(ls), func(i int) bool { return ls[i] > off })
}

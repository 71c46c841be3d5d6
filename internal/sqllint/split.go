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
		case "begin", "case", "loop", "repeat", "while":
			if !prevEnd {
				depth++
			}
		case "if":
			blockIf := i+1 < len(toks) && !toks[i+1].punct('(') && !toks[i+1].is("not") && !toks[i+1].is("exists")
			if !prevEnd && blockIf {
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

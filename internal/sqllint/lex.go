package sqllint

import (
	"context"
	"fmt"
	"strings"
)

// tokKind classifies a lexical token. Comments are not tokens: the lexer
// hands them to the caller separately because suppressions live in them.
type tokKind uint8

const (
	tkWord   tokKind = iota + 1 // keyword or unquoted identifier (val is lower-cased)
	tkIdent                     // quoted identifier (val is unquoted)
	tkString                    // string literal (val is the raw text)
	tkNumber                    // numeric literal
	tkPunct                     // one punctuation character
)

type token struct {
	kind tokKind
	val  string
	off  int // byte offset of the token's first character
	end  int // byte offset just after the token
}

func (t token) is(word string) bool { return t.kind == tkWord && t.val == word }
func (t token) punct(c byte) bool   { return t.kind == tkPunct && len(t.val) == 1 && t.val[0] == c }

type comment struct {
	off  int
	text string // without the comment markers
	line bool   // a line comment (-- or #), the only kind a suppression may use
}

// lexer tokenizes SQL the way the dialect's server does for the things that
// matter to statement boundaries: quoting, escapes, comments, dollar quotes.
type lexer struct {
	src     string
	dialect string
	pos     int
	inCond  bool // inside a MySQL /*! ... */ executable comment
}

type lexError struct {
	off int
	msg string
}

func (e *lexError) Error() string { return e.msg }

// lex returns all tokens and comments of src. An unterminated string, quoted
// identifier or block comment is an error located at its start.
func lex(dialect, src string) ([]token, []comment, error) {
	return lexContext(context.Background(), dialect, src)
}

// lexContext is lex that gives up, returning ctx's error, when ctx is done
// (checked every few thousand tokens: a 16 MiB file lexes in about a second).
func lexContext(ctx context.Context, dialect, src string) ([]token, []comment, error) {
	l := &lexer{src: src, dialect: dialect}
	var toks []token
	var comments []comment
	for n := 1; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		tok, com, ok, err := l.next()
		if err != nil {
			return toks, comments, err
		}
		if !ok {
			return toks, comments, nil
		}
		if com != nil {
			comments = append(comments, *com)
			continue
		}
		tok.end = l.pos
		toks = append(toks, tok)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}
func isWordChar(c byte) bool { return isWordStart(c) || isDigit(c) || c == '$' }

func (l *lexer) next() (token, *comment, bool, error) {
	s := l.src
again: // after the markers of a MySQL executable comment, without recursion
	for l.pos < len(s) && isSpace(s[l.pos]) {
		l.pos++
	}
	if l.pos >= len(s) {
		if l.inCond {
			return token{}, nil, false, &lexError{len(s), "unterminated /*! comment"}
		}
		return token{}, nil, false, nil
	}
	start := l.pos
	c := s[start]
	switch {
	case c == '-' && strings.HasPrefix(s[start:], "--") && l.lineCommentDash(start):
		return l.lineComment(start, 2)
	case c == '#' && l.dialect == dialectMySQL:
		return l.lineComment(start, 1)
	case c == '*' && l.inCond && strings.HasPrefix(s[start:], "*/"):
		l.inCond = false
		l.pos += 2
		goto again
	case c == '/' && strings.HasPrefix(s[start:], "/*"):
		if l.dialect == dialectMySQL && strings.HasPrefix(s[start:], "/*!") && !l.inCond {
			// MySQL runs the body of /*!NNNNN ... */ as SQL.
			l.pos += 3
			for l.pos < len(s) && isDigit(s[l.pos]) {
				l.pos++
			}
			l.inCond = true
			goto again
		}
		return l.blockComment(start)
	case c == '\'':
		return l.quoted(start, '\'', l.dialect == dialectMySQL, tkString)
	case (c == 'e' || c == 'E') && l.dialect == dialectPostgres && start+1 < len(s) && s[start+1] == '\'':
		l.pos++
		t, com, ok, err := l.quoted(start+1, '\'', true, tkString)
		t.off = start
		return t, com, ok, err
	case c == '"':
		if l.dialect == dialectMySQL {
			return l.quoted(start, '"', true, tkString)
		}
		return l.quoted(start, '"', false, tkIdent)
	case c == '`' && l.dialect != dialectPostgres:
		return l.quoted(start, '`', false, tkIdent)
	case c == '[' && l.dialect == dialectSQLite:
		end := strings.IndexByte(s[start+1:], ']')
		if end < 0 {
			return token{}, nil, false, &lexError{start, "unterminated [identifier]"}
		}
		l.pos = start + 1 + end + 1
		return token{kind: tkIdent, val: s[start+1 : start+1+end], off: start}, nil, true, nil
	case c == '$' && l.dialect == dialectPostgres:
		if t, ok, err := l.dollar(start); ok || err != nil {
			return t, nil, ok, err
		}
		l.pos++
		return token{kind: tkPunct, val: "$", off: start}, nil, true, nil
	case isDigit(c):
		for l.pos < len(s) && (isWordChar(s[l.pos]) || s[l.pos] == '.') {
			l.pos++
		}
		return token{kind: tkNumber, val: s[start:l.pos], off: start}, nil, true, nil
	case isWordStart(c):
		for l.pos < len(s) && isWordChar(s[l.pos]) {
			l.pos++
		}
		return token{kind: tkWord, val: strings.ToLower(s[start:l.pos]), off: start}, nil, true, nil
	}
	l.pos++
	return token{kind: tkPunct, val: s[start : start+1], off: start}, nil, true, nil
}

// lineCommentDash: MySQL needs whitespace or a control character after "--".
func (l *lexer) lineCommentDash(start int) bool {
	if l.dialect != dialectMySQL {
		return true
	}
	i := start + 2
	return i >= len(l.src) || l.src[i] <= ' '
}

func (l *lexer) lineComment(start, markerLen int) (token, *comment, bool, error) {
	end := strings.IndexByte(l.src[start:], '\n')
	if l.dialect == dialectPostgres {
		end = strings.IndexAny(l.src[start:], "\n\r") // PostgreSQL ends a comment at either
	}
	if end < 0 {
		end = len(l.src) - start
	}
	l.pos = start + end
	return token{}, &comment{off: start, text: l.src[start+markerLen : start+end], line: true}, true, nil
}

func (l *lexer) blockComment(start int) (token, *comment, bool, error) {
	s := l.src
	depth := 0
	for i := start; i+1 < len(s); i++ {
		switch {
		case s[i] == '/' && s[i+1] == '*':
			if depth > 0 && l.dialect != dialectPostgres {
				continue // only PostgreSQL nests block comments
			}
			depth++
			i++
		case s[i] == '*' && s[i+1] == '/':
			depth--
			i++
			if depth == 0 {
				l.pos = i + 1
				return token{}, &comment{off: start, text: s[start+2 : i-1]}, true, nil
			}
		}
	}
	return token{}, nil, false, &lexError{start, "unterminated /* comment"}
}

func (l *lexer) quoted(start int, q byte, backslash bool, kind tokKind) (token, *comment, bool, error) {
	s := l.src
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if backslash {
				i++
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			l.pos = i + 1
			val := s[start+1 : i]
			if kind == tkIdent {
				val = strings.ReplaceAll(val, string([]byte{q, q}), string(q))
			}
			return token{kind: kind, val: val, off: start}, nil, true, nil
		}
	}
	what := "string"
	if kind == tkIdent {
		what = "quoted identifier"
	}
	return token{}, nil, false, &lexError{start, fmt.Sprintf("unterminated %s starting with %c", what, q)}
}

// dollar lexes a PostgreSQL dollar-quoted string $tag$...$tag$.
func (l *lexer) dollar(start int) (token, bool, error) {
	s := l.src
	i := start + 1
	for i < len(s) && s[i] != '$' {
		if !isWordChar(s[i]) || s[i] == '$' || (i == start+1 && isDigit(s[i])) {
			return token{}, false, nil // a parameter like $1, or a lone $
		}
		i++
	}
	if i >= len(s) {
		return token{}, false, nil
	}
	tag := s[start : i+1]
	end := strings.Index(s[i+1:], tag)
	if end < 0 {
		return token{}, false, &lexError{start, "unterminated dollar-quoted string " + tag}
	}
	l.pos = i + 1 + end + len(tag)
	return token{kind: tkString, val: s[start:l.pos], off: start}, true, nil
}

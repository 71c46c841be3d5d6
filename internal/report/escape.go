package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schemagate/schemagate/internal/markdown"
)

// Escaping belongs to the sink: every piece of text that a user controls (a
// file name, an SQL excerpt in a message, a label) passes through one of the
// functions below on its way into Markdown or a terminal, so no caller can
// forget it.

// mdCode renders s as a Markdown code span for a paragraph or a list item:
// its content is literal (no emphasis, HTML, links or @mentions), a backtick
// cannot close it early and a line break cannot end the paragraph. Not for
// GFM table cells, where "|" would split the cell (no report puts a file
// name in a table).
func mdCode(s string) string {
	s = visibleControls(s)
	// A code span's delimiter must be longer than any run of backticks in
	// its content; a space on each side keeps a leading or trailing backtick
	// apart from the delimiter.
	fence := markdown.Fence(s, 1)
	pad := ""
	if len(fence) > 1 || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		pad = " "
	}
	if s == "" {
		return "` `"
	}
	return fence + pad + s + pad + fence
}

// mdText renders s as literal Markdown text on one line: every ASCII
// punctuation character that Markdown could read as syntax is backslash
// escaped, "<" and "&" become entities (no HTML, no entity tricks), line
// breaks become spaces, and an "@" gets a zero-width space after it so GitHub
// does not turn "@someone" into a mention (nor "#12" into a reference).
func mdText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case i == 0 && r == ' ':
			// Leading blanks could make the text an indented code block.
			b.WriteString("&#32;")
		case r == '\r' || r == '\n':
			b.WriteByte(' ')
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '@' || r == '#':
			b.WriteRune(r)
			b.WriteString("&#8203;")
		case r < 0x80 && strings.ContainsRune("\\`*_{}[]()!|~.:+-=", r):
			// "-", "+" and "=" could start a list or underline a heading;
			// ":" and "." are escaped so GFM's autolinker sees no
			// "https://" or "www." in user text.
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteString(controlEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// htmlText escapes s for the text of an HTML element that GitHub does not
// parse as Markdown (a <summary>).
func htmlText(s string) string {
	var b strings.Builder
	for _, r := range visibleControls(s) {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '@', '#':
			b.WriteRune(r)
			b.WriteString("&#8203;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// termText makes s safe for one line of terminal output: control characters
// (CR, LF, ESC, ...) are shown as Go escapes, so text can neither start a new
// line nor move the cursor or recolour the terminal.
func termText(s string) string { return visibleControls(s) }

// termLine is termText for a whole line, which additionally must not start
// with "::": a runner reading the output would take it as a workflow command.
func termLine(s string) string { return noCommand(termText(s)) }

// noCommand keeps a line from being read as a workflow command: the runner
// trims leading white space and looks for "::", so a backslash goes in
// front of the "::" (after any indentation, which stays).
func noCommand(l string) string {
	rest := strings.TrimLeft(l, " \t")
	if !strings.HasPrefix(rest, "::") {
		return l
	}
	return l[:len(l)-len(rest)] + `\` + rest
}

// termBlock is termLine for each line of a multi-line text (a report
// printed to standard output): line breaks and tabs stay, every other
// control character is shown escaped, and no line starts with "::".
func termBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = termText(p)
		}
		lines[i] = noCommand(strings.Join(parts, "\t"))
	}
	return strings.Join(lines, "\n")
}

// termPath is a relative path as the first word of a terminal line: a path
// starting with ":" gets "./" in front (the same file), so it cannot begin a
// workflow command.
func termPath(p string) string {
	p = termText(p)
	if strings.HasPrefix(p, ":") {
		return "./" + p
	}
	return p
}

// visibleControls replaces control characters, the Unicode bidi controls
// and line/paragraph separators, and invalid UTF-8 with visible escapes.
func visibleControls(s string) string { return escapeControls(s, false, false) }

// controls is visibleControls that keeps tabs and, with keepLF, line feeds:
// for messages whose lines are meant (the sink escapes them further where
// one line is required).
func controls(s string, keepLF bool) string { return escapeControls(s, keepLF, true) }

// escapeControls shows every character that could start a new line (a
// workflow command on the runner, a fake line on a terminal), move the
// cursor, colour the log or reorder its text as \r, \n, \xNN or \uNNNN.
func escapeControls(s string, keepLF, keepTab bool) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case (r == '\n' && keepLF) || (r == '\t' && keepTab):
			b.WriteRune(r)
		case needsEscape(r) || r == '\t':
			b.WriteString(controlEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsEscape is a character shown escaped: C0 and C1 controls, DEL, the
// replacement character, the bidi overrides and isolates, and the line and
// paragraph separators. Tabs are the callers' choice.
func needsEscape(r rune) bool {
	if r == '\t' {
		return false
	}
	return unicode.IsControl(r) || r == unicode.ReplacementChar ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029
}

func controlEscape(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x100 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// mdMessage renders a finding's message for a GFM table cell. Messages quote
// SQL and file names in backticks; when the backticks pair up, the quoted
// parts become code spans (literal, and "|" escaped the one way GFM honours
// inside a cell), the rest mdText. Unpaired backticks: all of it is mdText.
func mdMessage(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return mdText(s)
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(mdText(p))
			continue
		}
		if p == "" || strings.Trim(p, " ") == "" {
			b.WriteString(mdText("``"))
			continue
		}
		p = strings.ReplaceAll(visibleControls(p), "|", `\|`)
		if strings.HasPrefix(p, " ") || strings.HasSuffix(p, " ") {
			p = " " + p + " "
		}
		b.WriteString("`" + p + "`")
	}
	return b.String()
}

// code is s as a Markdown code span that stays one span and one table
// cell: control characters visible, '|' escaped (GitHub reads it as a
// cell border even inside a span), and a fence longer than any run of
// backticks inside.
func code(s string) string { return mdCode(strings.ReplaceAll(visibleControls(s), "|", `\|`)) }

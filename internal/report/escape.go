package report

import (
	"fmt"
	"strings"
	"unicode"
)

// controls makes control characters visible: CR as \r, other C0 and C1
// controls, DEL and the Unicode bidi and line/paragraph separators as
// \xNN or \uNNNN. A file name or a driver's message can then neither
// start a new line (a workflow command on the runner, a fake line on a
// terminal), nor move the cursor, color the log or reorder its text.
// keepLF keeps line feeds, for messages whose lines are meant (the sink
// escapes them further where one line is required).
func controls(s string, keepLF bool) string {
	if !strings.ContainsFunc(s, needsEscape) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && keepLF, r == '\t':
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	if r == '\t' {
		return false
	}
	return unicode.IsControl(r) || r == unicode.ReplacementChar ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029
}

// plainLine is one line of plain log output: control characters visible,
// and no line that the runner would read as a workflow command (it trims
// leading white space and looks for "::").
func plainLine(s string) string {
	s = controls(s, false)
	if strings.HasPrefix(strings.TrimLeft(s, " \t"), "::") {
		s = `\` + s
	}
	return s
}

// plainLines is plainLine for each line of a multi-line message.
func plainLines(s string) string {
	lines := strings.Split(controls(s, true), "\n")
	for i, l := range lines {
		lines[i] = plainLine(l)
	}
	return strings.Join(lines, "\n")
}

// code is s as a Markdown code span that stays one span and one table
// cell: control characters visible, '|' escaped (GitHub reads it as a
// cell border even inside a span), and a fence longer than any run of
// backticks inside.
func code(s string) string {
	s = strings.ReplaceAll(controls(s, false), "|", `\|`)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

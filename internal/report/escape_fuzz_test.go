package report

import (
	"html"
	"strings"
	"testing"
	"unicode"
)

// FuzzEscape holds the escapers to their promises for any input: a code
// span renders as exactly one <code> element holding the text (control
// characters shown escaped), mdText renders as text without tags, and a
// terminal line has no control characters and never starts with "::".
func FuzzEscape(f *testing.F) {
	for _, s := range append(nasty, "", " ", "`", "``x``", " `a` ", "\x1b[31m", "::error::x", "a\r\nb", "\xff\xfe", "<!-- x -->", "&lt;", "*a* _b_ ~c~", "@a #1 https://x.example www.y.example") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := renderGFM(t, "- "+mdCode(s)+"\n")
		if n := strings.Count(out, "<code>"); n != 1 {
			t.Fatalf("mdCode(%q): %d code elements in %q", s, n, out)
		}
		got := out[strings.Index(out, "<code>")+len("<code>") : strings.Index(out, "</code>")]
		if strings.Trim(s, " ") != "" && html.UnescapeString(got) != visibleControls(s) {
			t.Errorf("mdCode(%q) rendered as %q, want the text %q", s, out, visibleControls(s))
		}
		text := renderGFM(t, "- "+mdText(s)+"\n")
		if inner := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(text), "<ul>\n<li>"), "</li>\n</ul>"); strings.ContainsAny(inner, "<>") {
			t.Errorf("mdText(%q) rendered tags: %q", s, text)
		}
		row := renderGFM(t, "| a | b |\n|---|---|\n| x | "+mdMessage(s)+" |\n")
		if n := strings.Count(row, "<td"); n != 2 {
			t.Errorf("mdMessage(%q) split the row into %d cells: %q", s, n, row)
		}
		for _, m := range tagRE.FindAllStringSubmatch(row, -1) {
			switch strings.ToLower(m[2]) {
			case "table", "thead", "tbody", "tr", "th", "td", "code":
			default:
				t.Errorf("mdMessage(%q) rendered <%s>: %q", s, m[2], row)
			}
		}
		line := termLine(s)
		if strings.HasPrefix(line, "::") || strings.IndexFunc(line, unicode.IsControl) >= 0 {
			t.Errorf("termLine(%q) = %q", s, line)
		}
	})
}

package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/finding"
)

// checkGolden compares got with testdata/check/name (see goldenFile).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", "check", name), got)
}

func errAt(rule, file string, line int, msg string) finding.Finding {
	return finding.Finding{Rule: rule, Severity: finding.Error, File: file, Line: line, Message: msg}
}

func warnAt(rule, file string, line int, msg string) finding.Finding {
	return finding.Finding{Rule: rule, Severity: finding.Warning, File: file, Line: line, Message: msg}
}

// mixedResult is a mixed change set with 5 errors and 1 warning over three
// files, the example.
func mixedResult() *check.Result {
	r := &check.Result{
		Range: "origin/main...HEAD", Source: "github-api", PR: 7, Label: "allow-mixed-deploy",
		Class: classify.Result{
			Kind:    classify.KindMixed,
			Schema:  []string{"db/migrations/000001_init.up.sql", "db/migrations/000003_orders.down.sql", "db/migrations/000003_orders.up.sql"},
			Code:    []string{"cmd/api/main.go", "internal/orders/orders.go"},
			Ignored: []string{"README.md"},
		},
		NewMigrations: []string{"db/migrations/000003_orders.down.sql", "db/migrations/000003_orders.up.sql"},
		Findings: []finding.Finding{
			errAt("SG104", "db/migrations/000001_init.up.sql", 0, "000001_init.up.sql is on the base and was modified: databases that ran version 1 never run the new text. Revert it and put the change in a new migration."),
			errAt("SG202", "db/migrations/000003_orders.up.sql", 4, "DROP COLUMN orders.note breaks the code still reading it."),
			warnAt("SG224", "db/migrations/000003_orders.up.sql", 1, "ALTER TABLE orders without lock_timeout set first."),
			errAt("SG205", "db/migrations/000003_orders.up.sql", 2, "orders.tenant_id is added NOT NULL without a default."),
			errAt("SG211", "db/migrations/000003_orders.up.sql", 6, "CREATE INDEX without CONCURRENTLY locks writes to orders."),
			errAt("SG103", "db/migrations/000003_orders.down.sql", 0, "version 3 is not above the base's highest version 4: renumber it 000005."),
		},
		Failed: true,
	}
	finding.Sort(r.Findings)
	return r
}

func TestVerdictHeadline(t *testing.T) {
	t.Parallel()
	overridden := mixedResult()
	overridden.Overridden = true // errors remain: the check still fails
	labelOnly := mixedResult()
	labelOnly.Overridden, labelOnly.Findings, labelOnly.Failed = true, labelOnly.Findings[2:3], false
	clean := &check.Result{Class: classify.Result{Kind: classify.KindCode, Code: []string{"main.go"}}}
	warned := &check.Result{Class: classify.Result{Kind: classify.KindSchema}, Findings: []finding.Finding{warnAt("SG105", "m/1_a.up.sql", 0, "no down")}}
	lintOnly := &check.Result{Class: classify.Result{Kind: classify.KindSchema}, Findings: []finding.Finding{errAt("SG104", "m/1_a.up.sql", 0, "x"), errAt("SG104", "m/2_a.up.sql", 0, "x")}, Failed: true}
	tests := []struct {
		r    *check.Result
		want string
	}{
		{mixedResult(), "❌ mixed change set · 5 errors · 1 warning"},
		{overridden, "❌ mixed change set allowed by label allow-mixed-deploy · 5 errors fail the check · 1 warning"},
		{labelOnly, "⚠️ mixed change set allowed by label allow-mixed-deploy · 1 warning"},
		{clean, "✅ code change set · no findings"},
		{warned, "⚠️ schema change set · 1 warning"},
		{lintOnly, "❌ schema change set · 2 errors"},
		{oneErrOverridden(), "❌ mixed change set allowed by label allow-mixed-deploy · 1 error fails the check"},
	}
	for _, tt := range tests {
		if got := Verdict(tt.r); got != tt.want {
			t.Errorf("Verdict = %q\nwant      %q", got, tt.want)
		}
	}
}

func oneErrOverridden() *check.Result {
	r := mixedResult()
	r.Overridden, r.Findings = true, r.Findings[:1]
	return r
}

func TestCheckSummaryGolden(t *testing.T) {
	t.Parallel()
	overridden := mixedResult()
	overridden.Overridden = true
	overridden.Notes = []string{"labels taken from the event payload (no github-token): a re-run does not see labels added since"}
	clean := &check.Result{Range: "abc123..def456", Source: "git", Class: classify.Result{Kind: classify.KindCode, Code: []string{"main.go"}, Ignored: []string{"docs/a.md"}}}
	for name, r := range map[string]*check.Result{"mixed": mixedResult(), "overridden": overridden, "clean": clean} {
		checkGolden(t, name+".md", CheckSummary(r))
		checkGolden(t, name+".txt", CheckText(r))
	}
	checkGolden(t, "overridden-comment.md", CommentBody(overridden, "https://github.com/acme/shop/actions/runs/42"))
}

// TestCheckSummaryLayout: the verdict, then what to do, then the findings
// grouped by file with errors first; every list appears once.
func TestCheckSummaryLayout(t *testing.T) {
	t.Parallel()
	md := CheckSummary(mixedResult())
	order := []string{"## ❌ schemagate check: mixed change set · 5 errors · 1 warning", "**What to do**", "Split it", "Fix the 5 errors", "### Findings: 6 findings in 3 files", "<details><summary>Changed files"}
	last := -1
	for _, s := range order {
		i := strings.Index(md, s)
		if i <= last {
			t.Fatalf("%q is missing or out of order in:\n%s", s, md)
		}
		last = i
	}
	// Within the up file: the errors (lines 2, 4, 6) before the warning (line 1).
	up := md[strings.Index(md, "`db/migrations/000003_orders.up.sql` (3 errors, 1 warning)"):]
	if e, w := strings.Index(up, "SG211"), strings.Index(up, "SG224"); e < 0 || w < e {
		t.Errorf("warning before error in the file's table:\n%s", up)
	}
	if n := strings.Count(md, "000003_orders.up.sql`"); n != 2 {
		t.Errorf("the new migration appears %d times, want twice (its findings' heading, the file list)", n)
	}
	if strings.Contains(md, "New migrations") {
		t.Error("new migrations are listed a second time")
	}
	if !strings.Contains(md, "[SG104](https://github.com/schemagate/schemagate/blob/main/docs/rules.md#sg104)") {
		t.Error("rule id is not linked to its documentation anchor")
	}
}

// TestCheckSummaryFoldsLongLists: past 20 findings the rest is folded, and
// the comment stays under GitHub's limit even with thousands of files.
func TestCheckSummaryFoldsLongLists(t *testing.T) {
	t.Parallel()
	r := mixedResult()
	for i := range 3000 {
		r.Class.Code = append(r.Class.Code, fmt.Sprintf("pkg/%04d/file_with_a_long_name_%04d.go", i, i))
		r.Findings = append(r.Findings, warnAt("SG224", fmt.Sprintf("db/migrations/%06d_x.up.sql", i+10), 1, strings.Repeat("long message ", 20)))
	}
	md := CheckSummary(r)
	head := md[:strings.Index(md, "<details>")]
	if n := strings.Count(head, "| ⚠️&nbsp;warning |") + strings.Count(head, "| ❌&nbsp;error |"); n > 25 {
		t.Errorf("%d findings shown before the fold, want about 20", n)
	}
	if !strings.Contains(head, "| ❌&nbsp;error |") {
		t.Error("errors are not shown before the fold")
	}
	if n := len(CheckSummary(r)); n > summaryLimit {
		t.Errorf("summary is %d bytes, over GitHub's 1 MiB", n)
	}
	long := mixedResult()
	for i := range 3000 {
		long.Findings = append(long.Findings, warnAt("SG224", fmt.Sprintf("m/%06d_x.up.sql", i), 1, strings.Repeat("a very long message ", 100)))
	}
	if n := len(CheckSummary(long)); n > summaryLimit {
		t.Errorf("summary of 3000 findings with 2 KB messages is %d bytes, over GitHub's 1 MiB", n)
	}
	body := CommentBody(r, "")
	if len(body) > 65536 || !strings.HasPrefix(body, CommentMarker) {
		t.Errorf("comment is %d bytes (limit 65536) or lacks the marker", len(body))
	}
	if strings.Count(body, "<details>") != strings.Count(body, "</details>") {
		t.Error("comment has an unclosed <details>")
	}
}

// nasty are file names a fork's pull request can add.
var nasty = []string{
	"db/migrations/0001_a`b``c.up.sql",
	"db/migrations/0002_a|b.up.sql",
	"db/migrations/0003_a\nb.up.sql",
	"db/migrations/0004_<img src=x onerror=alert(1)>.up.sql",
	"db/migrations/0005_@someone.up.sql",
	"db/migrations/0006_</details><script>x</script>.up.sql",
	"db/migrations/0007_[x](https://evil.example)*em*.up.sql",
}

func nastyResult() *check.Result {
	r := &check.Result{Range: "main...@evil|x", Source: "git", Label: "<b>@label</b>", Overridden: true,
		Class: classify.Result{Kind: classify.KindMixed, Code: []string{"a|b.go"}}}
	for _, f := range nasty {
		r.Class.Schema = append(r.Class.Schema, f)
		r.Findings = append(r.Findings, errAt("SG104", f, 1, "statement `DROP TABLE x | y` <img src=x> by @someone in "+f))
	}
	r.Failed = true
	r.Notes = []string{"note from <b>@api</b>\n| x |"}
	return r
}

// renderGFM renders Markdown the way GitHub does for these purposes: GFM
// tables, autolinks and strikethrough, with raw HTML passed through (GitHub
// sanitises, but anything that arrives as HTML is already a failure here).
func renderGFM(t *testing.T, md string) string {
	t.Helper()
	var buf bytes.Buffer
	g := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := g.Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var (
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)
	codeRE = regexp.MustCompile(`(?s)<code>.*?</code>`)
)

// TestMarkdownEscaping: file names, messages, labels and notes cannot add
// HTML, break a table, or mention anyone, in the summary and the comment.
func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	allowed := map[string]bool{"h2": true, "h3": true, "p": true, "strong": true, "ul": true, "li": true, "code": true, "a": true,
		"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "details": true, "summary": true, "blockquote": true, "em": true}
	for name, md := range map[string]string{"summary": CheckSummary(nastyResult()), "comment": CommentBody(nastyResult(), "javascript:alert(1)")} {
		out := renderGFM(t, md)
		for _, m := range tagRE.FindAllStringSubmatch(out, -1) {
			if !allowed[strings.ToLower(m[2])] {
				t.Errorf("%s: user text rendered as HTML <%s>:\n%s", name, m[2], out)
			}
		}
		if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
			t.Errorf("%s: a file name closed or opened a <details>", name)
		}
		if strings.Contains(out, "evil.example\"") || strings.Contains(out, "<em>em</em>") {
			t.Errorf("%s: a file name became a link or emphasis:\n%s", name, out)
		}
		// Every table row has exactly the 4 columns of the header.
		for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(out, -1) {
			if n := strings.Count(row, "<td") + strings.Count(row, "<th"); n != 4 {
				t.Errorf("%s: a row with %d cells: %s", name, n, row)
			}
		}
		// No @mention outside code: GitHub links "@name" in text nodes.
		text := codeRE.ReplaceAllString(out, "")
		if regexp.MustCompile(`@(someone|evil|label|api)`).MatchString(text) {
			t.Errorf("%s: a mention outside code:\n%s", name, text)
		}
		// Every file name is still shown, in full, inside a code element.
		for _, f := range nasty {
			want := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "\n", `\n`).Replace(f)
			if !strings.Contains(out, "<code>"+want+"</code>") {
				t.Errorf("%s: file name %q not shown as code %q:\n%s", name, f, want, out)
			}
		}
	}
}

// TestCheckTextIsPlain: outside GitHub, one line per finding, no Markdown,
// no control characters, and no line a runner would read as a command.
func TestCheckTextIsPlain(t *testing.T) {
	t.Parallel()
	r := nastyResult()
	r.Findings = append(r.Findings,
		errAt("SG104", "::error::pwned.sql", 3, "a\r\n::warning::x \x1b[31mred"),
		warnAt("SG105", ":x.sql", 0, "no down"))
	txt := CheckText(r)
	for _, l := range strings.Split(strings.TrimSuffix(txt, "\n"), "\n") {
		if strings.HasPrefix(l, "::") {
			t.Errorf("line starts a workflow command: %q", l)
		}
		if strings.ContainsAny(l, "\r\x1b") {
			t.Errorf("control character in %q", l)
		}
		if strings.HasPrefix(l, "|") || strings.HasPrefix(l, "#") || strings.Contains(l, "<details>") {
			t.Errorf("Markdown in plain text: %q", l)
		}
	}
	for _, want := range []string{
		`./::error::pwned.sql:3: error SG104 a\r\n::warning::x \x1b[31mred`,
		"./:x.sql:1: warning SG105 no down",
		`db/migrations/0003_a\nb.up.sql:1: error SG104 `,
	} {
		if !strings.Contains(txt, "\n"+want) {
			t.Errorf("text lacks line %q:\n%s", want, txt)
		}
	}
	if n := strings.Count(txt, ": error SG104 "); n != len(nasty)+1 {
		t.Errorf("%d finding lines, want %d", n, len(nasty)+1)
	}
}

func actionsSink(t *testing.T) (*Sink, *bytes.Buffer) {
	var out bytes.Buffer
	env := map[string]string{"GITHUB_ACTIONS": "true"}
	return NewSink(func(k string) string { return env[k] }, &out, &out), &out
}

// TestCheckAnnotateVerdictFirst: GitHub keeps 10 error and 10 warning
// annotations per step. With 12 lint errors on a mixed set the verdict is
// the first ::error, at most 10 ::error lines exist, and a notice counts the
// rest.
func TestCheckAnnotateVerdictFirst(t *testing.T) {
	t.Parallel()
	r := mixedResult()
	r.Findings = nil
	for i := range 12 {
		r.Findings = append(r.Findings, errAt("SG104", fmt.Sprintf("db/migrations/%06d_x.up.sql", i+1), 1, "modified"))
	}
	for i := range 12 {
		r.Findings = append(r.Findings, warnAt("SG224", fmt.Sprintf("db/migrations/%06d_a.up.sql", i+1), 1, "no lock timeout"))
	}
	// Sorted by file, a warning-only file would come before some errors.
	finding.Sort(r.Findings)
	s, out := actionsSink(t)
	CheckAnnotate(s, r)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.HasPrefix(lines[0], "::error title=schemagate check::mixed change set: 3 schema files and 2 code files.") ||
		!strings.Contains(lines[0], "Also 12 migration lint errors fail the check") {
		t.Fatalf("first line is not the verdict: %q", lines[0])
	}
	var errs, warns, notices int
	seenWarning := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "::error"):
			errs++
			if seenWarning {
				t.Errorf("error after a warning: %q", l)
			}
		case strings.HasPrefix(l, "::warning"):
			warns++
			seenWarning = true
		case strings.HasPrefix(l, "::notice"):
			notices++
		}
	}
	if errs != MaxAnnotations || warns != MaxAnnotations || notices != 1 {
		t.Errorf("%d errors, %d warnings, %d notices; want %d, %d, 1", errs, warns, notices, MaxAnnotations, MaxAnnotations)
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "::5 more findings: see the job summary") {
		t.Errorf("last line %q, want the notice counting 3 errors + 2 warnings", last)
	}
}

// TestAnnotationEscaping: a file name with %, ":", "," and CR/LF stays one
// workflow command with its properties escaped as the runner expects.
func TestAnnotationEscaping(t *testing.T) {
	t.Parallel()
	s, out := actionsSink(t)
	s.Annotate(errAt("SG101", "m/1%0A_a:b,c\r\n::error::pwned.up.sql", 2, "bad %0A name\n::warning::x"))
	got := out.String()
	want := "::error file=m/1%250A_a%3Ab%2Cc%0D%0A%3A%3Aerror%3A%3Apwned.up.sql,line=2,title=SG101::bad %250A name%0A::warning::x\n"
	if got != want {
		t.Errorf("annotation\n got %q\nwant %q", got, want)
	}
	if strings.Count(got, "\n") != 1 {
		t.Error("annotation spans lines")
	}
}

// TestSinkLogLines: outside GitHub, log lines escape control characters,
// and Info never starts a line with "::" on a runner either.
func TestSinkLogLines(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	s := NewSink(func(string) string { return "" }, &out, &errOut)
	s.Error("bad file %s", "x\n::error::y\x1b[2J")
	s.Info("%s", "::set-output name=x::y")
	if got := errOut.String(); got != `error: bad file x\n::error::y\x1b[2J`+"\n" {
		t.Errorf("stderr %q", got)
	}
	if got := out.String(); got != `\::set-output name=x::y`+"\n" {
		t.Errorf("stdout %q", got)
	}
	out.Reset()
	if err := s.Summary("ok\n::error::x\n\x1b]0;title\x07\tend\r\n"); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "ok\n\\::error::x\n\\x1b]0;title\\x07\tend\n" {
		t.Errorf("summary on stdout %q", got)
	}
	as, aout := actionsSink(t)
	as.Info("%s", "line\n::error::injected")
	if strings.Contains(aout.String(), "\n::error") {
		t.Errorf("Info on a runner let a workflow command through: %q", aout.String())
	}
}

package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/migrate"
)

// evil file names: a title with a CR or LF and a workflow command, an ANSI
// escape, a bidi override, Markdown syntax.
var evilNames = []string{
	"db/migrations/3_x\r::error::pwned.up.sql",
	"db/migrations/3_x\n::warning file=a::pwned.up.sql",
	"db/migrations/3_\x1b[2K\x1b[1A::error::pwned.up.sql",
	"db/migrations/3_a\u202egnp.up.sql",
	"db/migrations/3_a`|b|`c.up.sql",
}

// TestSinkEscapesEveryLine: whatever a file name holds, no output line
// becomes a workflow command, and no control character reaches the log or
// the terminal.
func TestSinkEscapesEveryLine(t *testing.T) {
	t.Parallel()
	for _, actions := range []bool{true, false} {
		for _, name := range evilNames {
			var out, errOut bytes.Buffer
			env := map[string]string{}
			if actions {
				env["GITHUB_ACTIONS"] = "true"
			}
			s := NewSink(func(k string) string { return env[k] }, &out, &errOut)
			st := migrate.Step{Version: 3, Direction: migrate.DirUp, File: name}
			log := MigrationLog{Sink: s}
			log.Start(st)
			log.Done(st)
			s.Error("migration %s failed: %s", name, "boom")
			s.Warning("%s", name)
			s.Notice("%s", name)
			s.Annotate(finding.Finding{Rule: "r", Severity: finding.Error, File: "f.sql", Line: 1, Message: name})
			for _, text := range []string{out.String(), errOut.String()} {
				for _, line := range strings.Split(text, "\n") {
					trimmed := strings.TrimLeft(line, " \t")
					if strings.HasPrefix(trimmed, "::") && !strings.HasPrefix(trimmed, "::error") && !strings.HasPrefix(trimmed, "::warning::") &&
						!strings.HasPrefix(trimmed, "::notice::") && !strings.HasPrefix(trimmed, "::group::") && !strings.HasPrefix(trimmed, "::endgroup::") {
						t.Errorf("actions=%t %q: line %q is a workflow command", actions, name, line)
					}
					if strings.ContainsAny(line, "\r\x1b\u202e") {
						t.Errorf("actions=%t %q: control character in %q", actions, name, line)
					}
				}
			}
			if strings.Contains(out.String(), "\n::error::pwned") || strings.Contains(out.String(), "\n::warning file=a") {
				t.Errorf("actions=%t: injected workflow command:\n%s", actions, out.String())
			}
		}
	}
}

// TestSummaryCodeSpans: a file name stays one code span and one table
// cell in the job summary.
func TestSummaryCodeSpans(t *testing.T) {
	t.Parallel()
	two := 2
	for _, name := range evilNames {
		st := migrate.Step{Version: 3, Direction: migrate.DirUp, File: name}
		r := &migrate.Result{Command: "migrate", Engine: migrate.Postgres, MigrationsPath: "db/migrations", Connected: true,
			Applied: []migrate.Step{st}, Pending: []migrate.Step{st},
			Failure:  &migrate.Failure{Step: st, Reason: "boom\r::error::x", Statement: "SELECT 1\x1b[2K"},
			Recovery: &migrate.Advice{DirtyVersion: 3, Known: true, Force: &two, Candidates: []int{2}}}
		md := MigrateSummary(r, errors.New("migration failed"))
		if strings.ContainsAny(md, "\r\x1b\u202e") {
			t.Errorf("%q: control character in the summary:\n%q", name, md)
		}
		for _, line := range strings.Split(md, "\n") {
			if strings.HasPrefix(line, "| 1 |") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 5 {
				t.Errorf("%q: table row broken: %q", name, line)
			}
			if strings.HasPrefix(line, "::") {
				t.Errorf("%q: summary line %q", name, line)
			}
		}
	}
	if got := code("a`b"); got != "`` a`b ``" {
		t.Errorf("code(a`b) = %q", got)
	}
}

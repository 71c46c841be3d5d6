package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
)

func TestUnitsSummaryAndOutput(t *testing.T) {
	t.Parallel()
	monorepo := &check.Result{ConfigFile: ".schemagate.yml", ConfigAt: "the base 0123456789ab", Units: []check.UnitResult{
		{Name: "billing", Result: classify.Result{Kind: classify.KindMixed, Schema: []string{"a.up.sql", "a.down.sql"}, Code: []string{"b.go"}}, Findings: 1},
		{Name: "accounts", Result: classify.Result{Kind: classify.KindCode, Code: []string{"libs/x.go"}}},
	}}
	single := &check.Result{Units: []check.UnitResult{{Result: classify.Result{Kind: classify.KindCode, Code: []string{"b.go"}}}}}
	hostileUnit := &check.Result{ConfigFile: "ci/x|`y`.yml", ConfigAt: "the head 0123456789ab", Units: []check.UnitResult{{Name: "a|b`<img src=x onerror=alert(1)>\n# h", Result: classify.Result{Kind: classify.KindNone}}}}

	tests := []struct {
		name, wantOutput, wantSummary, wantMixed string
		r                                        *check.Result
	}{
		{
			name: "two units", r: monorepo,
			wantOutput: `[{"name":"billing","change-kind":"mixed"},{"name":"accounts","change-kind":"code"}]`,
			wantSummary: "### Deploy units (`.schemagate.yml`, read at the base 0123456789ab)\n\n" +
				"A change set is mixed only when one unit has both schema and code.\n\n" +
				"| Unit | Kind | Schema files | Code files | Findings |\n|---|---|---|---|---|\n" +
				"| `billing` | **mixed** | 2 | 1 | 1 |\n" +
				"| `accounts` | code | 0 | 1 | 0 |\n\n",
			wantMixed: " Mixed deploy unit(s): billing.",
		},
		{name: "the inputs' one unit", r: single, wantOutput: `[{"name":"default","change-kind":"code"}]`},
		{
			name: "a hostile name stays one code span in one cell", r: hostileUnit,
			wantOutput: `[{"name":"a|b` + "`" + `\u003cimg src=x onerror=alert(1)\u003e\n# h","change-kind":"none"}]`,
			wantSummary: "### Deploy units (`` ci/x\\|`y`.yml ``, read at the head 0123456789ab)\n\n" +
				"A change set is mixed only when one unit has both schema and code.\n\n" +
				"| Unit | Kind | Schema files | Code files | Findings |\n|---|---|---|---|---|\n" +
				"| `` a\\|b`<img src=x onerror=alert(1)>\\n# h `` | none | 0 | 0 | 0 |\n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := UnitsSummary(tt.r); got != tt.wantSummary {
				t.Errorf("summary:\n%s\nwant:\n%s", got, tt.wantSummary)
			}
			if got := MixedUnits(tt.r); got != tt.wantMixed {
				t.Errorf("mixed %q, want %q", got, tt.wantMixed)
			}
			out := filepath.Join(t.TempDir(), "out")
			if err := os.WriteFile(out, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"GITHUB_OUTPUT": out, "GITHUB_ACTIONS": "true"}
			s := NewSink(func(k string) string { return env[k] }, &bytes.Buffer{}, &bytes.Buffer{})
			if err := UnitsOutput(s, tt.r); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "\n"+tt.wantOutput+"\n") || !strings.HasPrefix(string(b), "units<<") {
				t.Errorf("GITHUB_OUTPUT:\n%s\nwant the value %s", b, tt.wantOutput)
			}
		})
	}
}

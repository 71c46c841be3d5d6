package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	// Only for its copy of the SARIF 2.1.0 schema (see sarifSchema).
	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemagate/schemagate/internal/finding"
)

// sarifSchema compiles the SARIF 2.1.0 JSON schema (OASIS, errata 01) as
// the Go module github.com/owenrumney/go-sarif/v3 ships it: the schema is
// read at test time from that module's source in the module cache (a
// test-only requirement in go.mod), so the repository holds no copy.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		t.Fatalf("find the go-sarif module (go mod download): %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "pkg", "report", "v210", "sarif", "schema.go"))
	if err != nil {
		t.Fatal(err)
	}
	const open = "const schema = `"
	i := bytes.Index(src, []byte(open))
	if i < 0 {
		t.Fatal("go-sarif's schema.go holds no `const schema`")
	}
	body := src[i+len(open):]
	body = body[:bytes.IndexByte(body, '`')]
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateSARIF(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return s.Validate(inst)
}

func TestSARIFValidAgainstSchema(t *testing.T) {
	t.Parallel()
	schema := sarifSchema(t)
	fs := append(mixedResult().Findings,
		errAt("SG101", "db/migrations/a b#c?d%e.up.sql", 0, "odd name"),
		errAt("SG101", "c:weird.up.sql", 0, "a colon in the first segment"))
	describe := func(id string) string { return RuleSummary(id, func(string) string { return "" }) }
	for name, in := range map[string][]finding.Finding{"findings": fs, "none": nil} {
		b, err := SARIF(in, "v1.2.3", describe)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSARIF(t, schema, b); err != nil {
			t.Errorf("%s: SARIF is not valid 2.1.0: %v\n%s", name, err, b)
		}
	}

	b, _ := SARIF(fs, "v1.2.3", describe)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID               string
						HelpURI          string
						ShortDescription struct{ Text string }
						Help             struct{ Text, Markdown string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		if r.HelpURI != RulesDocURL+"#"+strings.ToLower(r.ID) || !strings.Contains(r.Help.Text, r.HelpURI) {
			t.Errorf("rule %s: helpUri %q, help %q", r.ID, r.HelpURI, r.Help.Text)
		}
	}
	if got := strings.Join(ids, ","); got != "SG101,SG103,SG104,SG202,SG205,SG211,SG224" {
		t.Errorf("rules %s: want one per rule id, sorted", got)
	}
	if rules[2].ShortDescription.Text != lintRules["SG104"] {
		t.Errorf("SG104 description %q", rules[2].ShortDescription.Text)
	}
	if len(run.Results) != len(fs) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(fs))
	}
	byURI := map[string]int{}
	for i, r := range run.Results {
		if rules[r.RuleIndex].ID != r.RuleID || r.Level != string(fs[i].Severity) || r.Message.Text != fs[i].Message {
			t.Errorf("result %d = %+v, want finding %+v", i, r, fs[i])
		}
		loc := r.Locations[0].PhysicalLocation
		byURI[loc.ArtifactLocation.URI] = loc.Region.StartLine
	}
	for uri, line := range map[string]int{
		"db/migrations/000003_orders.up.sql": 2, "db/migrations/000001_init.up.sql": 1,
		"db/migrations/a%20b%23c%3Fd%25e.up.sql": 1, "./c:weird.up.sql": 1,
	} {
		if got, ok := byURI[uri]; !ok || (uri != "db/migrations/000003_orders.up.sql" && got != line) {
			t.Errorf("no result at %s line %d (have %v)", uri, line, byURI)
		}
	}
}

// TestSARIFSchemaRejects proves the validation is real: a log the schema
// forbids fails it.
func TestSARIFSchemaRejects(t *testing.T) {
	t.Parallel()
	schema := sarifSchema(t)
	for _, bad := range []string{
		`{"version":"2.1.0"}`,
		`{"version":"2.0.0","runs":[]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"error","message":{"text":"m"},"severity":"high"}]}]}`,
	} {
		if err := validateSARIF(t, schema, []byte(bad)); err == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}

func TestWriteSARIF(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out", "schemagate.sarif")
	if err := WriteSARIF(path, mixedResult().Findings, "dev", nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Fatalf("read %s: %v\n%s", path, err, b)
	}
	if err := WriteSARIF(dir, nil, "dev", nil); err == nil || !strings.Contains(err.Error(), "sarif-file") {
		t.Errorf("writing onto a directory: err = %v, want a sarif-file error", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("leftover temporary files: %v", entries)
	}
}

func TestFailureSummary(t *testing.T) {
	t.Parallel()
	md := FailureSummary("check", 2, []string{"input migrations-path: \"db/<img src=x>\" holds no migrations\nGitHub: @someone"})
	for _, want := range []string{"## ❌ schemagate check: bad input or configuration (exit 2)", "**What went wrong**", `&lt;img src\=x&gt;`, "<br>GitHub", "@&#8203;someone", "**What to do**"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if md := FailureSummary("", 1, nil); !strings.Contains(md, "## ❌ schemagate: could not run (exit 1)") || !strings.Contains(md, "bug in schemagate") {
		t.Errorf("summary:\n%s", md)
	}
}

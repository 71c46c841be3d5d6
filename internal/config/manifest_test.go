package config

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "regenerate the README's input and output tables from the manifest")

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// actionYAML is action.yml as the runner reads it. Inputs and outputs are
// kept as nodes so their order can be compared too.
type actionYAML struct {
	Name        string `yaml:"name"`
	Author      string `yaml:"author"`
	Description string `yaml:"description"`
	Branding    struct {
		Icon  string `yaml:"icon"`
		Color string `yaml:"color"`
	} `yaml:"branding"`
	Inputs  yaml.Node `yaml:"inputs"`
	Outputs yaml.Node `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Image string `yaml:"image"`
	} `yaml:"runs"`
}

type actionInput struct {
	Description string  `yaml:"description"`
	Required    bool    `yaml:"required"`
	Default     *string `yaml:"default"`
}

type actionOutput struct {
	Description string `yaml:"description"`
}

// TestManifestActionYAML: action.yml declares exactly the manifest's inputs
// and outputs, in its order, with its defaults and descriptions, and is a
// complete Docker action.
func TestManifestActionYAML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionYAML
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("parse action.yml: %v", err)
	}
	for field, v := range map[string]string{
		"name": a.Name, "author": a.Author, "description": a.Description,
		"branding.icon": a.Branding.Icon, "branding.color": a.Branding.Color,
	} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("action.yml: %s is empty (the Marketplace requires it)", field)
		}
	}
	if a.Runs.Using != "docker" || a.Runs.Image != "Dockerfile" {
		t.Errorf("action.yml runs: using %q image %q, want docker and Dockerfile", a.Runs.Using, a.Runs.Image)
	}

	if a.Inputs.Kind != yaml.MappingNode {
		t.Fatal("action.yml: inputs is not a mapping")
	}
	var names []string
	for i := 0; i+1 < len(a.Inputs.Content); i += 2 {
		name := a.Inputs.Content[i].Value
		names = append(names, name)
		var in actionInput
		if err := a.Inputs.Content[i+1].Decode(&in); err != nil {
			t.Fatalf("action.yml input %s: %v", name, err)
		}
		m, ok := Lookup(name)
		if !ok {
			t.Errorf("action.yml input %s is not in config.Inputs: add it to the manifest (and read it in config.Load) or remove it", name)
			continue
		}
		if in.Default == nil {
			t.Errorf("action.yml input %s has no default: write default: '%s'", name, m.Default)
		} else if *in.Default != m.Default {
			t.Errorf("action.yml input %s: default %q, manifest %q", name, *in.Default, m.Default)
		}
		if in.Description != m.Description {
			t.Errorf("action.yml input %s: description %q, manifest %q", name, in.Description, m.Description)
		}
		if in.Required {
			t.Errorf("action.yml input %s is required: every input has a default, so none is", name)
		}
	}
	var want []string
	for _, in := range Inputs {
		want = append(want, in.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("action.yml inputs %q, manifest %q (same names, same order)", names, want)
	}

	if a.Outputs.Kind != yaml.MappingNode {
		t.Fatal("action.yml: outputs is not a mapping")
	}
	names, want = nil, nil
	for i := 0; i+1 < len(a.Outputs.Content); i += 2 {
		name := a.Outputs.Content[i].Value
		names = append(names, name)
		var out actionOutput
		if err := a.Outputs.Content[i+1].Decode(&out); err != nil {
			t.Fatalf("action.yml output %s: %v", name, err)
		}
		for _, o := range Outputs {
			if o.Name == name && o.Description != out.Description {
				t.Errorf("action.yml output %s: description %q, manifest %q", name, out.Description, o.Description)
			}
		}
	}
	for _, o := range Outputs {
		want = append(want, o.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("action.yml outputs %q, manifest %q (same names, same order)", names, want)
	}
}

// mdCell makes text safe in a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

func mdDefault(def string) string {
	var parts []string
	for _, line := range strings.Split(strings.TrimSpace(def), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, "`"+strings.ReplaceAll(line, "|", `\|`)+"`")
		}
	}
	if len(parts) == 0 {
		return "(empty)"
	}
	return strings.Join(parts, "<br>")
}

// inputsTable and outputsTable are the README tables, generated from the
// manifest.
func inputsTable() string {
	var b strings.Builder
	b.WriteString("| input | default | description |\n|---|---|---|\n")
	for _, in := range Inputs {
		b.WriteString("| `" + in.Name + "` | " + mdDefault(in.Default) + " | " + mdCell(in.Description) + " |\n")
	}
	return b.String()
}

func outputsTable() string {
	var b strings.Builder
	b.WriteString("| output | description |\n|---|---|\n")
	for _, o := range Outputs {
		b.WriteString("| `" + o.Name + "` | " + mdCell(o.Description) + " |\n")
	}
	return b.String()
}

const (
	inputsBegin  = "<!-- inputs:begin -->"
	inputsEnd    = "<!-- inputs:end -->"
	outputsBegin = "<!-- outputs:begin -->"
	outputsEnd   = "<!-- outputs:end -->"
	generated    = "<!-- generated from internal/config/inputs.go: go test ./internal/config -run Manifest -update -->\n"
)

// between returns the text between begin and end markers.
func between(doc, begin, end string) (string, bool) {
	_, rest, ok := strings.Cut(doc, begin)
	if !ok {
		return "", false
	}
	body, _, ok := strings.Cut(rest, end)
	return body, ok
}

// replaceBetween puts body between the markers, appending a section with
// the markers when the document lacks them.
func replaceBetween(doc, heading, begin, end, body string) string {
	before, rest, ok := strings.Cut(doc, begin)
	if !ok {
		if doc != "" && !strings.HasSuffix(doc, "\n") {
			doc += "\n"
		}
		if doc != "" {
			doc += "\n"
		}
		return doc + heading + "\n\n" + begin + body + end + "\n"
	}
	_, after, ok := strings.Cut(rest, end)
	if !ok {
		after = ""
	}
	return before + begin + body + end + after
}

func TestManifestReplaceBetween(t *testing.T) {
	t.Parallel()
	got := replaceBetween("# x\n\n<!-- a -->old<!-- b -->\ntail\n", "## A", "<!-- a -->", "<!-- b -->", "\nnew\n")
	if got != "# x\n\n<!-- a -->\nnew\n<!-- b -->\ntail\n" {
		t.Fatalf("replace: %q", got)
	}
	got = replaceBetween("# x", "## A", "<!-- a -->", "<!-- b -->", "\nnew\n")
	if got != "# x\n\n## A\n\n<!-- a -->\nnew\n<!-- b -->\n" {
		t.Fatalf("append: %q", got)
	}
	if !strings.Contains(inputsTable(), "| `ignore-paths` | `**/*.md`<br>`docs/**`<br>`.github/**` |") ||
		!strings.Contains(inputsTable(), "&lt;migrations-path&gt;/**") {
		t.Fatalf("inputs table renders defaults or descriptions wrongly:\n%s", inputsTable())
	}
}

// TestManifestReadme: the README's input and output tables are the ones
// the manifest generates. -update rewrites them (creating README.md with
// just those sections when it does not exist).
func TestManifestReadme(t *testing.T) {
	path := filepath.Join(repoRoot(t), "README.md")
	data, err := os.ReadFile(path)
	if err != nil && !(os.IsNotExist(err) && *update) {
		t.Fatalf("read README.md: %v (go test ./internal/config -run Manifest -update creates it)", err)
	}
	doc := string(data)
	wantIn := "\n" + generated + inputsTable()
	wantOut := "\n" + generated + outputsTable()
	if *update {
		doc = replaceBetween(doc, "## Inputs", inputsBegin, inputsEnd, wantIn)
		doc = replaceBetween(doc, "## Outputs", outputsBegin, outputsEnd, wantOut)
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ what, begin, end, want string }{
		{"input", inputsBegin, inputsEnd, wantIn},
		{"output", outputsBegin, outputsEnd, wantOut},
	} {
		got, ok := between(doc, c.begin, c.end)
		if !ok {
			t.Errorf("README.md lacks the %s table markers %s ... %s (run go test ./internal/config -run Manifest -update)", c.what, c.begin, c.end)
			continue
		}
		if got != c.want {
			t.Errorf("README.md %s table differs from the manifest (internal/config/inputs.go); run go test ./internal/config -run Manifest -update\n--- README\n%s\n--- manifest\n%s", c.what, got, c.want)
		}
	}
}

// inputNamesRead returns the input names a Go file reads: the string
// arguments of calls to funcs (get("..."), EnvName("..."), config.EnvName("...")).
func inputNamesRead(t *testing.T, path string, funcs ...string) map[string]token.Position {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]token.Position{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		var fn string
		switch f := call.Fun.(type) {
		case *ast.Ident:
			fn = f.Name
		case *ast.SelectorExpr:
			fn = f.Sel.Name
		}
		if !slices.Contains(funcs, fn) {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if s, err := strconv.Unquote(lit.Value); err == nil {
			names[s] = fset.Position(lit.Pos())
		}
		return true
	})
	return names
}

// TestManifestCodeReadsInputs: config.Load reads every manifest input and
// nothing else, and no other package reads (EnvName) an input the manifest
// lacks.
func TestManifestCodeReadsInputs(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	read := inputNamesRead(t, filepath.Join(root, "internal", "config", "config.go"), "get", "EnvName")
	for name, pos := range read {
		if _, ok := Lookup(name); !ok {
			t.Errorf("%s: reads input %q, which the manifest (config.Inputs) lacks", pos, name)
		}
	}
	for _, in := range Inputs {
		if _, ok := read[in.Name]; !ok {
			t.Errorf("config.Load never reads input %s: read and validate it in internal/config/config.go, or remove it from the manifest", in.Name)
		}
	}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		for name, pos := range inputNamesRead(t, path, "EnvName") {
			if _, ok := Lookup(name); !ok {
				t.Errorf("%s: reads input %q, which the manifest (config.Inputs) lacks", pos, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

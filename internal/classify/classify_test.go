package classify

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func mustRules(t testing.TB, ignore, schema, code string) *Rules {
	t.Helper()
	compile := func(s string) *Globs {
		g, err := Compile(ParseList(s))
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	return &Rules{Ignore: compile(ignore), Schema: compile(schema), Code: compile(code)}
}

const defaultIgnore = "**/*.md\ndocs/**\n.github/**"

func TestClass(t *testing.T) {
	t.Parallel()
	r := mustRules(t, defaultIgnore, "migrations/**", "**")
	nested := mustRules(t, defaultIgnore, "services/*/db/migrations/**,schema/**/*.sql", "services/**,cmd/**")
	tests := []struct {
		rules *Rules
		path  string
		want  Class
	}{
		{r, "migrations/1_a.up.sql", ClassSchema},
		{r, "migrations/sub/dir/x.sql", ClassSchema},
		{r, "migrations/README.md", ClassIgnored}, // ignore is checked first
		{r, "app/main.go", ClassCode},
		{r, "main.go", ClassCode},
		{r, ".env.example", ClassCode},     // dotfiles match like any file
		{r, "app/.hidden/x.go", ClassCode}, // dot directories too
		{r, ".github/workflows/ci.yml", ClassIgnored},
		{r, "docs/a/b.png", ClassIgnored},
		{r, "CHANGELOG.md", ClassIgnored},
		{r, "migrationsx/1.sql", ClassCode},     // a prefix is not a directory
		{r, `migrations\1_a.up.sql`, ClassCode}, // a backslash is part of a name, not a separator
		{r, "Migrations/1_a.up.sql", ClassCode}, // matching is case-sensitive, like git
		{nested, "services/billing/db/migrations/1_a.up.sql", ClassSchema},
		{nested, "services/billing/api/db/migrations/1.sql", ClassCode}, // * does not cross directories
		{nested, "schema/a/b/c.sql", ClassSchema},
		{nested, "schema/a/b/c.txt", ClassIgnored}, // matches nothing: ignored
		{nested, "cmd/x/main.go", ClassCode},
		{nested, "README", ClassIgnored},
	}
	for _, tt := range tests {
		if got := tt.rules.Class(tt.path); got != tt.want {
			t.Errorf("Class(%q) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	r := mustRules(t, defaultIgnore, "migrations/**", "**")
	tests := []struct {
		name  string
		paths []string
		kind  Kind
	}{
		{"nothing", nil, KindNone},
		{"only ignored", []string{"README.md", "docs/x.png"}, KindNone},
		{"schema", []string{"migrations/1_a.up.sql", "migrations/1_a.down.sql", "docs/a.md"}, KindSchema},
		{"code", []string{"go.mod", "app/x.go"}, KindCode},
		{"mixed", []string{"migrations/1_a.up.sql", "app/x.go"}, KindMixed},
		{"rename across categories (both sides passed)", []string{"migrations/1_a.up.sql", "app/seed.sql"}, KindMixed},
		{"duplicates counted once", []string{"app/x.go", "app/x.go"}, KindCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := r.Classify(tt.paths)
			if res.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", res.Kind, tt.kind)
			}
			total := len(res.Schema) + len(res.Code) + len(res.Ignored)
			uniq := slices.Compact(slices.Sorted(slices.Values(tt.paths)))
			if total != len(uniq) {
				t.Errorf("%d paths classified, want %d", total, len(uniq))
			}
		})
	}
}

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a/**", []string{"a/**"}},
		{"a/**, b/**", []string{"a/**", "b/**"}},
		{"a/**\n b/** \n\n", []string{"a/**", "b/**"}},
		{"a/**\r\nb/**", []string{"a/**", "b/**"}},
		{"**/*.{sql,go},x", []string{"**/*.{sql,go}", "x"}},
		{`a\,b,c`, []string{`a\,b`, "c"}},
		{"{a,{b,c}}/x, y", []string{"{a,{b,c}}/x", "y"}},
	}
	for _, tt := range tests {
		if got := ParseList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ParseList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompileRejectsBadGlobs(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"migrations/[a", "{a,b", `x\`} {
		if _, err := Compile([]string{p}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("Compile(%q) err = %v, want an error naming the pattern", p, err)
		}
	}
	g, err := Compile([]string{"./migrations/**", "/app/**"})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Match("migrations/a.sql") || !g.Match("app/x.go") {
		t.Error("leading ./ and / should be dropped")
	}
}

// TestPrefilterAgreesWithDoublestar makes sure the literal prefix/suffix
// shortcut never changes an answer.
func TestPrefilterAgreesWithDoublestar(t *testing.T) {
	t.Parallel()
	patterns := []string{"**/*.md", "docs/**", "a/*/b/**/*.sql", "*.{go,mod}", "x[0-9]/y", `lit\*eral`, "exact/path.txt", "**/test/**"}
	paths := []string{"README.md", "a/b.md", "docs/x", "a/q/b/c/d.sql", "a/q/r/b/d.sql", "main.go", "go.mod", "x1/y", "xa/y", "lit*eral", "exact/path.txt", "exact/path.txtx", "src/test/a.go", "test/a.go"}
	for _, p := range patterns {
		g, err := Compile([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			slow := matchSlow(p, path)
			if got := g.Match(path); got != slow {
				t.Errorf("pattern %q path %q: Match = %v, doublestar = %v", p, path, got, slow)
			}
		}
	}
}

// FuzzGlobInput feeds arbitrary input values to the list parser and the
// compiler: no panic, and every compiled pattern can be matched.
func FuzzGlobInput(f *testing.F) {
	for _, s := range []string{"migrations/**", "a,b\nc", "{a,b", "[", `\`, "**/*.{sql,go}", "./x,/y"} {
		f.Add(s, "migrations/1_a.up.sql")
	}
	f.Fuzz(func(t *testing.T, input, path string) {
		list := ParseList(input)
		for _, p := range list {
			if p != strings.TrimSpace(p) || p == "" {
				t.Fatalf("entry %q not trimmed", p)
			}
		}
		g, err := Compile(list)
		if err != nil {
			return
		}
		g.Match(path)
	})
}

// BenchmarkClassify classifies N changed paths against 20 realistic globs
// (the default ignore list, schema globs and code globs of a monorepo).
func BenchmarkClassify(b *testing.B) {
	r := mustRules(b,
		"**/*.md\ndocs/**\n.github/**\n**/*.png\n**/testdata/**\nvendor/**\n**/*.svg",
		"db/migrations/**\nservices/*/migrations/**\nschema/**/*.sql\n**/*.schema.json",
		"cmd/**\ninternal/**\npkg/**\nservices/**\nweb/**/*.{ts,tsx}\ngo.mod\ngo.sum\nDockerfile\n**/*.go")
	if n := r.Ignore.Len() + r.Schema.Len() + r.Code.Len(); n != 20 {
		b.Fatalf("%d globs, want 20", n)
	}
	dirs := []string{"cmd/api", "internal/store", "services/billing/migrations", "db/migrations", "docs/guide", "web/src/components", "pkg/util", ".github/workflows", "services/auth/handlers", "vendor/github.com/x/y"}
	exts := []string{".go", ".sql", ".md", ".tsx", ".png", ".yml", ".json"}
	for _, n := range []int{10_000, 100_000} {
		paths := make([]string, n)
		for i := range paths {
			paths[i] = fmt.Sprintf("%s/sub%d/file%d%s", dirs[i%len(dirs)], i%7, i, exts[i%len(exts)])
		}
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Classify(paths)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/path")
		})
	}
}

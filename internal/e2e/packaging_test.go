package e2e

import (
	"bufio"
	"bytes"
	"database/sql"
	"debug/elf"
	"fmt"
	"github.com/schemagate/schemagate/internal/release"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/rhysd/actionlint"
)

// lintWorkflow runs actionlint (the same checks as the actionlint command,
// shellcheck included when it is installed) on one workflow.
func lintWorkflow(t *testing.T, path string, content []byte) []*actionlint.Error {
	t.Helper()
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := actionlint.NewProject(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(path, content, proj)
	if err != nil {
		t.Fatalf("actionlint %s: %v", path, err)
	}
	return errs
}

// TestActionlintWorkflows holds every workflow of the repository to actionlint.
func TestActionlintWorkflows(t *testing.T) {
	t.Parallel()
	var files []string
	for _, ext := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", ext))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, want := range []string{"ci.yml", "schema-check.yml", "migrate.yml", "gated-migrate.yml", "release.yml"} {
		if !slices.Contains(files, filepath.Join(repoRoot, ".github", "workflows", want)) {
			t.Errorf(".github/workflows/%s is missing", want)
		}
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			content, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range lintWorkflow(t, f, content) {
				t.Errorf("%s:%d:%d: %s [%s]", filepath.Base(f), e.Line, e.Column, e.Message, e.Kind)
			}
		})
	}
}

// TestReleasePinsReusableWorkflow: the release's rewrite of the reusable
// workflow pins every schemagate step to the image digest and still passes
// actionlint, so a release tag never ships a workflow that runs main.
func TestReleasePinsReusableWorkflow(t *testing.T) {
	t.Parallel()
	path := filepath.Join(repoRoot, ".github", "workflows", "gated-migrate.yml")
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const image, digest = "ghcr.io/schemagate/schemagate", "sha256:1111111111111111111111111111111111111111111111111111111111111111"
	out, err := release.PinWorkflow(in, image, digest)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(in), release.SelfUses); n != 3 {
		t.Errorf("gated-migrate.yml has %d schemagate steps, want plan, migrate and verify", n)
	}
	if strings.Contains(string(out), "schemagate/schemagate@main") || strings.Count(string(out), "uses: docker://"+image+"@"+digest) != 3 {
		t.Errorf("pinned workflow still runs main:\n%s", out)
	}
	for _, e := range lintWorkflow(t, "gated-migrate.yml", out) {
		t.Errorf("pinned gated-migrate.yml:%d:%d: %s [%s]", e.Line, e.Column, e.Message, e.Kind)
	}
	if _, err := release.PinWorkflow(out, image, digest); err == nil {
		t.Error("pinning a pinned workflow again should fail: nothing is left to pin")
	}
}

// yamlBlock is one fenced ```yaml block of a Markdown file.
type yamlBlock struct {
	Line int // line of the first YAML line in the Markdown file
	Text string
}

var workflowKeys = regexp.MustCompile(`(?m)^on:`)
var jobsKey = regexp.MustCompile(`(?m)^jobs:`)

// workflowBlocks returns the ```yaml / ```yml blocks that are whole
// workflows (top-level on: and jobs:), the ones users paste as files.
func workflowBlocks(md string) []yamlBlock {
	var out []yamlBlock
	var cur *yamlBlock
	var body strings.Builder
	sc := bufio.NewScanner(strings.NewReader(md))
	sc.Buffer(make([]byte, 1024*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && (trimmed == "```yaml" || trimmed == "```yml"):
			cur = &yamlBlock{Line: n + 1}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.Text = body.String()
			if workflowKeys.MatchString(cur.Text) && jobsKey.MatchString(cur.Text) {
				out = append(out, *cur)
			}
			cur = nil
		case cur != nil:
			body.WriteString(line + "\n")
		}
	}
	return out
}

func TestActionlintWorkflowBlocksExtracted(t *testing.T) {
	t.Parallel()
	md := "# x\n```yaml\non: push\njobs:\n  a:\n    runs-on: x\n```\n\n```yaml\n- uses: a/b@v1\n```\n  ```yml\non:\n  pull_request:\njobs: {}\n  ```\n"
	got := workflowBlocks(md)
	if len(got) != 2 || got[0].Line != 3 || got[1].Line != 13 || !strings.HasPrefix(got[1].Text, "on:\n  pull_request:") {
		t.Fatalf("workflowBlocks = %+v, want the two workflows at lines 3 and 13, not the step snippet", got)
	}
	// The linter really lints: an unknown event and a bad expression fail.
	bad := "on: pul_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }\n"
	if errs := lintWorkflow(t, "bad.yml", []byte(bad)); len(errs) < 2 {
		t.Fatalf("actionlint found %d errors in a broken workflow, want >= 2: %v", len(errs), errs)
	}
}

// docPages lists the documentation a user reads: README.md and every
// docs/*.md. It fails when the docs directory has lost its pages, so a test
// built on it cannot pass by reading nothing.
func docPages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rules.md", "check.md", "migrate.md", "rehearse.md", "adopting.md"} {
		if !slices.Contains(pages, filepath.Join(repoRoot, "docs", want)) {
			t.Errorf("docs/%s is missing (found %v)", want, pages)
		}
	}
	return append([]string{filepath.Join(repoRoot, "README.md")}, pages...)
}

// docName is a page's path relative to the repository root, for messages.
func docName(path string) string {
	if rel, err := filepath.Rel(repoRoot, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// TestActionlintReadmeWorkflows: every workflow a user can paste from the
// README or a docs page passes actionlint. Errors name the file and line.
func TestActionlintReadmeWorkflows(t *testing.T) {
	t.Parallel()
	docs := docPages(t)
	// The text handed to the lead for the README is held to the same bar
	// while it exists (it lives outside the repository).
	if p := os.Getenv("SCHEMAGATE_README_DRAFT"); p != "" {
		docs = append(docs, p)
	}
	total := 0
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if os.IsNotExist(err) {
			t.Logf("%s does not exist", doc)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		blocks := workflowBlocks(string(data))
		t.Logf("%s: %d workflow blocks", docName(doc), len(blocks))
		total += len(blocks)
		for _, b := range blocks {
			name := fmt.Sprintf("%s:%d", docName(doc), b.Line)
			for _, e := range lintWorkflow(t, name, []byte(b.Text)) {
				t.Errorf("%s:%d:%d: %s [%s]", docName(doc), b.Line+e.Line-1, e.Column, e.Message, e.Kind)
			}
		}
	}
	// README: check, migrate, deploy; check.md: SARIF; rehearse.md: three
	// rehearsals and drift; adopting.md: the reusable workflow's caller.
	if total < 9 {
		t.Errorf("found %d workflows in the docs, want at least 9: a page lost its workflows or the extraction broke", total)
	}
}

// mdLink is one relative link of a Markdown page.
type mdLink struct {
	Line   int
	Path   string // empty: the page itself
	Anchor string // without '#'; empty: none
}

var (
	mdLinkRe   = regexp.MustCompile(`\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)
	codeSpanRe = regexp.MustCompile("`+[^`]*`+")
	schemeRe   = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	headingRe  = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
)

// mdLines calls fn for each line of md outside fenced code blocks.
func mdLines(md string, fn func(n int, line string)) {
	fence := ""
	for i, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:len(trimmed)-len(strings.TrimLeft(trimmed, trimmed[:1]))]
			continue
		}
		fn(i+1, line)
	}
}

// localLinks returns the links of md that point into the repository:
// no URL scheme, outside code blocks and code spans.
func localLinks(md string) []mdLink {
	var out []mdLink
	mdLines(md, func(n int, line string) {
		line = codeSpanRe.ReplaceAllString(line, "")
		for _, m := range mdLinkRe.FindAllStringSubmatch(line, -1) {
			target := m[1]
			if schemeRe.MatchString(target) {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			out = append(out, mdLink{Line: n, Path: path, Anchor: anchor})
		}
	})
	return out
}

// headingSlugs returns the anchors GitHub gives the headings of md:
// lower case, spaces to '-', every other character that is not a letter,
// digit, '-' or '_' removed; a repeated slug gets -1, -2, ...
func headingSlugs(md string) map[string]bool {
	slugs := map[string]bool{}
	seen := map[string]int{}
	mdLines(md, func(_ int, line string) {
		m := headingRe.FindStringSubmatch(line)
		if m == nil {
			return
		}
		var b strings.Builder
		for _, r := range strings.ToLower(m[1]) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		slug := b.String()
		if k := seen[slug]; k > 0 {
			seen[slug]++
			slug = fmt.Sprintf("%s-%d", slug, k)
		} else {
			seen[slug] = 1
		}
		slugs[slug] = true
	})
	return slugs
}

// brokenLinks checks the local links of the page at path (text md): the
// file must exist inside root and, with an anchor, be Markdown with a
// heading of that slug. read reads a linked page.
func brokenLinks(root, path, md string, read func(string) (string, error)) []string {
	var out []string
	for _, l := range localLinks(md) {
		target, text := path, md
		if l.Path != "" {
			target = filepath.Join(filepath.Dir(path), filepath.FromSlash(l.Path))
			if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				out = append(out, fmt.Sprintf("line %d: %s leaves the repository", l.Line, l.Path))
				continue
			}
			if _, err := os.Stat(target); err != nil {
				out = append(out, fmt.Sprintf("line %d: %s does not exist", l.Line, l.Path))
				continue
			}
			if l.Anchor == "" {
				continue
			}
			var err error
			if text, err = read(target); err != nil {
				out = append(out, fmt.Sprintf("line %d: %s: %v", l.Line, l.Path, err))
				continue
			}
		}
		if l.Anchor == "" {
			continue
		}
		if !strings.HasSuffix(target, ".md") || !headingSlugs(text)[l.Anchor] {
			out = append(out, fmt.Sprintf("line %d: %s#%s: no heading with that anchor", l.Line, l.Path, l.Anchor))
		}
	}
	return out
}

func readText(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// TestDocsLinksResolve: every relative link and anchor in README.md and
// docs/*.md resolves, and the README links every docs page.
func TestDocsLinksResolve(t *testing.T) {
	t.Parallel()
	pages := docPages(t)
	for _, page := range pages {
		md, err := readText(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range brokenLinks(repoRoot, page, md, readText) {
			t.Errorf("%s %s", docName(page), b)
		}
	}
	readme, err := readText(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, l := range localLinks(readme) {
		linked[l.Path] = true
	}
	for _, page := range pages[1:] {
		if !linked[docName(page)] {
			t.Errorf("README.md does not link %s", docName(page))
		}
	}
}

// TestDocsLinkChecker: the checker finds what is broken and accepts what
// GitHub resolves.
func TestDocsLinkChecker(t *testing.T) {
	t.Parallel()
	slugs := headingSlugs("# Lock safety: `statement-lock-timeout` and `lock-retries`\n" +
		"## Rehearsing a pull request's migrations: `rehearse`\n```sh\n# not a heading\n```\n" +
		"### Read-only commands: `plan` and `verify`\n## Dup\n## Dup\n#nospace\n")
	for _, want := range []string{"lock-safety-statement-lock-timeout-and-lock-retries", "rehearsing-a-pull-requests-migrations-rehearse", "read-only-commands-plan-and-verify", "dup", "dup-1"} {
		if !slugs[want] {
			t.Errorf("headingSlugs lacks %q: %v", want, slugs)
		}
	}
	if slugs["not-a-heading"] || slugs["nospace"] || len(slugs) != 5 {
		t.Errorf("headingSlugs = %v, want exactly the five real headings", slugs)
	}

	root := t.TempDir()
	writeFile(t, root, "docs/a.md", "# A page\n## Its part\n", 0o644)
	writeFile(t, root, "docs/pic.png", "png", 0o644)
	page := filepath.Join(root, "README.md")
	md := "# Top\n[ok](docs/a.md) [ok](docs/a.md#its-part) [ok](#top) ![ok](docs/pic.png) [web](https://x.test/y#z)\n" +
		"`[code](nope.md)`\n```md\n[fenced](nope.md)\n```\n" +
		"[gone](docs/b.md) [anchor](docs/a.md#no-part) [self](#nowhere) [pic](docs/pic.png#x) [out](../x.md)\n"
	got := brokenLinks(root, page, md, readText)
	want := []string{
		"line 7: docs/b.md does not exist",
		"line 7: docs/a.md#no-part: no heading with that anchor",
		"line 7: #nowhere: no heading with that anchor",
		"line 7: docs/pic.png#x: no heading with that anchor",
		"line 7: ../x.md leaves the repository",
	}
	if !slices.Equal(got, want) {
		t.Errorf("brokenLinks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// dockerfile is the parsed Dockerfile: instructions with their stage.
type dockerfile struct {
	Instrs []dockerInstr
}

type dockerInstr struct {
	Line  int
	Cmd   string // upper case
	Args  string
	Stage int // index of the FROM this instruction belongs to
}

func parseDockerfile(t *testing.T, text string) dockerfile {
	t.Helper()
	var df dockerfile
	stage := -1
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				continue
			}
			line = strings.TrimSuffix(line, `\`) + " " + next
		}
		cmd, args, _ := strings.Cut(line, " ")
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			stage++
		}
		df.Instrs = append(df.Instrs, dockerInstr{Line: start, Cmd: cmd, Args: strings.TrimSpace(args), Stage: stage})
	}
	return df
}

// shellFields splits a command line the way sh does for the simple quoting
// a Dockerfile RUN uses (double and single quotes, no escapes inside).
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	in := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// goBuild is the go build command of the Dockerfile's build stage.
type goBuild struct {
	Env     []string // VAR=value before "go"
	Flags   []string // the build flags, without -o and the package
	LDFlags string   // the -ldflags value
	Output  string   // the -o path
	Package string
	Stage   int
}

const versionVar = "github.com/schemagate/schemagate/internal/app.Version"

func findGoBuild(t *testing.T, df dockerfile) goBuild {
	t.Helper()
	for _, in := range df.Instrs {
		if in.Cmd != "RUN" || !strings.Contains(in.Args, "go build") {
			continue
		}
		f := shellFields(in.Args)
		b := goBuild{Stage: in.Stage}
		i := 0
		for ; i < len(f) && f[i] != "go"; i++ {
			b.Env = append(b.Env, f[i])
		}
		if i+1 >= len(f) || f[i+1] != "build" {
			t.Fatalf("Dockerfile:%d: cannot read the go build command %q (one command per RUN, env assignments first)", in.Line, in.Args)
		}
		for i += 2; i < len(f); i++ {
			switch {
			case f[i] == "-o" && i+1 < len(f):
				b.Output = f[i+1]
				i++
			case f[i] == "-ldflags" && i+1 < len(f):
				b.LDFlags = f[i+1]
				b.Flags = append(b.Flags, f[i], f[i+1])
				i++
			case strings.HasPrefix(f[i], "-"):
				b.Flags = append(b.Flags, f[i])
			default:
				b.Package = f[i]
			}
		}
		return b
	}
	t.Fatal("Dockerfile: no RUN with go build")
	return goBuild{}
}

// stripVersionStamp removes "-X <versionVar>=..." from an -ldflags value and
// reports whether it was there.
func stripVersionStamp(ld string) (string, bool) {
	f := strings.Fields(ld)
	var kept []string
	found := false
	for i := 0; i < len(f); i++ {
		if f[i] == "-X" && i+1 < len(f) && strings.HasPrefix(f[i+1], versionVar+"=") {
			found = true
			i++
			continue
		}
		kept = append(kept, f[i])
	}
	return strings.Join(kept, " "), found
}

func readDockerfile(t *testing.T) dockerfile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	return parseDockerfile(t, string(data))
}

var digestRef = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)

// TestDockerfile holds the Dockerfile to the release build: pinned bases,
// no USER, the tests' build flags, and an ENTRYPOINT that is the binary.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	df := readDockerfile(t)
	stages := map[string]int{} // stage name -> index
	var froms []dockerInstr
	for _, in := range df.Instrs {
		switch in.Cmd {
		case "FROM":
			f := strings.Fields(in.Args)
			var image string
			for _, w := range f {
				if !strings.HasPrefix(w, "--") {
					image = w
					break
				}
			}
			if _, isStage := stages[image]; !isStage && !digestRef.MatchString(image) {
				t.Errorf("Dockerfile:%d: FROM %s is not pinned by digest: add @sha256:<digest> (keep the tag for readers)", in.Line, image)
			}
			if _, isStage := stages[image]; !isStage && image != "scratch" {
				if host, _, _ := strings.Cut(image, "/"); !strings.ContainsAny(host, ".:") {
					t.Errorf("Dockerfile:%d: FROM %s has no registry: write it fully qualified (docker.io/library/...), since Podman and Buildah have no default registry", in.Line, image)
				}
			}
			if len(f) >= 3 && strings.EqualFold(f[len(f)-2], "AS") {
				stages[f[len(f)-1]] = in.Stage
			}
			froms = append(froms, in)
		case "USER":
			t.Errorf("Dockerfile:%d: USER %s: Docker actions must run as root to write GITHUB_WORKSPACE and the runner's files; remove it", in.Line, in.Args)
		}
	}
	if len(froms) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a minimal final stage", len(froms))
	}
	final := froms[len(froms)-1]
	if !strings.Contains(final.Args, "gcr.io/distroless/static") && !strings.HasPrefix(final.Args, "scratch") {
		t.Errorf("Dockerfile:%d: final stage %q: want distroless/static (CA certificates, no libc, no shell)", final.Line, final.Args)
	}

	b := findGoBuild(t, df)
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("Dockerfile go build: env %q lacks CGO_ENABLED=0 (the image has no libc)", b.Env)
	}
	ld, stamped := stripVersionStamp(b.LDFlags)
	if !stamped {
		t.Errorf("Dockerfile go build: -ldflags %q does not stamp -X %s=${VERSION}", b.LDFlags, versionVar)
	}
	var got []string
	for i := 0; i < len(b.Flags); i++ {
		got = append(got, b.Flags[i])
		if b.Flags[i] == "-ldflags" && i+1 < len(b.Flags) {
			got = append(got, ld)
			i++
		}
	}
	if !slices.Equal(got, BuildFlags) {
		t.Errorf("Dockerfile go build flags %q (version stamp aside), tests build with %q: keep them equal", got, BuildFlags)
	}
	if b.Package != "." {
		t.Errorf("Dockerfile go build builds %q, want . (main.go at the module root)", b.Package)
	}
	if b.Output == "" {
		t.Fatal("Dockerfile go build: no -o path")
	}
	hasVersionArg := false
	for _, in := range df.Instrs {
		if in.Stage == b.Stage && in.Cmd == "ARG" && strings.HasPrefix(in.Args, "VERSION") {
			hasVersionArg = true
		}
	}
	if !hasVersionArg {
		t.Error("Dockerfile build stage: no ARG VERSION for the version stamp")
	}

	entry := dockerEntrypoint(t, df)
	copied := ""
	for _, in := range df.Instrs {
		if in.Cmd != "COPY" || in.Stage != final.Stage {
			continue
		}
		f := strings.Fields(in.Args)
		if len(f) == 3 && strings.HasPrefix(f[0], "--from=") && f[1] == b.Output {
			copied = f[2]
		}
	}
	if copied == "" {
		t.Fatalf("Dockerfile final stage does not COPY --from=<build> %s", b.Output)
	}
	if entry != copied {
		t.Errorf("Dockerfile ENTRYPOINT %q is not the binary, which is copied to %q", entry, copied)
	}

	// The Go of the build image is the one go.mod asks for (GOTOOLCHAIN=local
	// would refuse an older one).
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)`).FindSubmatch(gomod)
	build := froms[b.Stage].Args
	if goLine == nil || !strings.Contains(build, "golang:"+string(goLine[1])) {
		t.Errorf("Dockerfile build stage %q: want golang:%s, the version go.mod names", build, goLine[1])
	}
}

func dockerEntrypoint(t *testing.T, df dockerfile) string {
	t.Helper()
	var entry string
	for _, in := range df.Instrs {
		if in.Cmd == "ENTRYPOINT" {
			m := regexp.MustCompile(`^\[\s*"([^"]+)"`).FindStringSubmatch(in.Args)
			if m == nil {
				t.Fatalf("Dockerfile:%d: ENTRYPOINT %s: use the exec form [\"/path\"] (no shell in the image)", in.Line, in.Args)
			}
			entry = m[1]
		}
	}
	if entry == "" {
		t.Fatal("Dockerfile: no ENTRYPOINT")
	}
	return entry
}

func TestDockerfileParse(t *testing.T) {
	t.Parallel()
	df := parseDockerfile(t, "FROM a@sha256:x AS build\n# c\nRUN CGO_ENABLED=0 go build \\\n  -trimpath -ldflags \"-s -w -X "+versionVar+"=${VERSION}\" \\\n  -o /out/x .\nFROM b\nENTRYPOINT [\"/x\"]\n")
	b := findGoBuild(t, df)
	ld, ok := stripVersionStamp(b.LDFlags)
	if b.Output != "/out/x" || b.Package != "." || !ok || ld != "-s -w" || b.Stage != 0 || len(df.Instrs) != 4 {
		t.Fatalf("parsed %+v (ldflags %q, stamped %v) from %d instructions", b, ld, ok, len(df.Instrs))
	}
	if got := dockerEntrypoint(t, df); got != "/x" {
		t.Fatalf("entrypoint %q", got)
	}
}

// dockerignore is the .dockerignore pattern list (last match wins; a
// pattern that matches a directory covers everything in it).
type dockerignore []struct {
	pattern string
	negate  bool
}

func parseDockerignore(text string) dockerignore {
	var d dockerignore
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		neg := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(line, "!")
		line = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(line)), "/")
		d = append(d, struct {
			pattern string
			negate  bool
		}{line, neg})
	}
	return d
}

func (d dockerignore) excluded(path string) bool {
	excluded := false
	for _, p := range d {
		match := false
		for sub := path; sub != "." && sub != "/" && sub != ""; sub = filepath.ToSlash(filepath.Dir(sub)) {
			if ok, _ := doublestar.Match(p.pattern, sub); ok {
				match = true
				break
			}
		}
		if match {
			excluded = !p.negate
		}
	}
	return excluded
}

// TestDockerignore: the build context keeps every file the binary is built
// from and leaves out the rest (tests, fixtures, docs, .git).
func TestDockerignore(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	ign := parseDockerignore(string(data))
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}{{end}}`, ".")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	need := []string{"go.mod", "go.sum"}
	for _, abs := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(repoRoot, abs)
		if err != nil {
			t.Fatal(err)
		}
		need = append(need, filepath.ToSlash(rel))
	}
	if len(need) < 5 {
		t.Fatalf("go list found only %q", need)
	}
	for _, p := range need {
		if ign.excluded(p) {
			t.Errorf(".dockerignore excludes %s, which the binary is built from", p)
		}
	}
	for _, p := range []string{".git/config", "internal/e2e/harness_test.go", "internal/config/config_test.go",
		"migrations-example/000001_create_users.up.sql", "README.md", "dist/schemagate", "internal/lint/testdata/x.sql", ".github/workflows/ci.yml"} {
		if !ign.excluded(p) {
			t.Errorf(".dockerignore keeps %s in the build context; the build does not need it", p)
		}
	}
}

// buildRelease builds the binary exactly as the Dockerfile does, stamping
// version, and returns its path.
func buildRelease(t *testing.T, version string) string {
	t.Helper()
	b := findGoBuild(t, readDockerfile(t))
	out := filepath.Join(t.TempDir(), "schemagate")
	args := []string{"build"}
	for _, f := range b.Flags {
		args = append(args, strings.ReplaceAll(f, "${VERSION}", version))
	}
	args = append(args, "-o", out, b.Package)
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot
	cmd.Env = os.Environ()
	for _, e := range b.Env {
		// GOOS=${TARGETOS} and GOARCH=${TARGETARCH}: buildx sets them per
		// platform; this machine's platform is what the tests run.
		if !strings.Contains(e, "${TARGET") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return out
}

// TestPackagingReleaseBinary: the release binary is static and small.
func TestPackagingReleaseBinary(t *testing.T) {
	t.Parallel()
	bin := buildRelease(t, "v0.0.0-size")
	st, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	const limit = 25 << 20
	t.Logf("release binary: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))
	if st.Size() >= limit {
		t.Errorf("release binary is %d bytes, the limit is %d (25 MiB)", st.Size(), limit)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("release binary has a dynamic loader (PT_INTERP): it would not start on distroless/static; build with CGO_ENABLED=0")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("release binary links %q; the image has no libc", libs)
	}
}

// writeFile writes content to root/rel, creating directories.
func writeFile(t *testing.T, root, rel, content string, mode os.FileMode) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, mode); err != nil {
		t.Fatal(err)
	}
}

// imageRoot builds a root directory holding what the final image stage
// holds: the binary at the ENTRYPOINT path, the CA bundle, /etc/passwd and
// /tmp. No shell, no libc, no git.
func imageRoot(t *testing.T, bin string) (root, entry string) {
	t.Helper()
	root = t.TempDir()
	entry = dockerEntrypoint(t, readDockerfile(t))
	copyFile(t, bin, filepath.Join(root, entry), 0o755)
	ca := "/etc/ssl/certs/ca-certificates.crt"
	if _, err := os.Stat(ca); err == nil {
		copyFile(t, ca, filepath.Join(root, ca), 0o644)
	} else {
		t.Logf("no %s on this machine: the root gets an empty bundle", ca)
		writeFile(t, root, ca, "", 0o644)
	}
	writeFile(t, root, "etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n", 0o644)
	if err := os.Mkdir(filepath.Join(root, "tmp"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "tmp"), 0o1777); err != nil {
		t.Fatal(err)
	}
	return root, entry
}

// git runs the git CLI in dir for building fixtures (the binary under test
// never runs git).
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=fixture", "GIT_AUTHOR_EMAIL=fixture@example.com",
		"GIT_COMMITTER_NAME=fixture", "GIT_COMMITTER_EMAIL=fixture@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// fixtureRepo is a repository on branch main: a base commit with the example
// migrations and code, a code-only commit, and a mixed commit.
type fixtureRepo struct {
	Dir                 string
	Base, CodeOnly, Mix string
	Migrations          int // up migrations at HEAD
}

func makeFixtureRepo(t *testing.T) fixtureRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: it builds the fixture repository (the binary itself does not use it)")
	}
	dir := t.TempDir()
	git(t, dir, "init", "--quiet", "--initial-branch=main")
	ex, err := filepath.Glob(filepath.Join(repoRoot, "migrations-example", "*.sql"))
	if err != nil || len(ex) == 0 {
		t.Fatalf("migrations-example: %v (%d files)", err, len(ex))
	}
	ups := 0
	for _, p := range ex {
		copyFile(t, p, filepath.Join(dir, "migrations", filepath.Base(p)), 0o644)
		if strings.HasSuffix(p, ".up.sql") {
			ups++
		}
	}
	writeFile(t, dir, "main.go", "package main\n\nfunc main() {}\n", 0o644)
	writeFile(t, dir, "README.md", "# shop\n", 0o644)
	git(t, dir, "add", ".")
	git(t, dir, "commit", "--quiet", "-m", "base")
	r := fixtureRepo{Dir: dir, Base: git(t, dir, "rev-parse", "HEAD")}

	writeFile(t, dir, "app.go", "package main\n\nfunc app() {}\n", 0o644)
	writeFile(t, dir, "docs/notes.md", "ignored\n", 0o644)
	git(t, dir, "add", ".")
	git(t, dir, "commit", "--quiet", "-m", "code only")
	r.CodeOnly = git(t, dir, "rev-parse", "HEAD")

	v := fmt.Sprintf("%06d", ups+1)
	writeFile(t, dir, "migrations/"+v+"_add_users_nickname.up.sql", "ALTER TABLE users ADD COLUMN nickname VARCHAR(40);\n", 0o644)
	writeFile(t, dir, "migrations/"+v+"_add_users_nickname.down.sql", "ALTER TABLE users DROP COLUMN nickname;\n", 0o644)
	writeFile(t, dir, "app.go", "package main\n\nfunc app() { _ = \"nickname\" }\n", 0o644)
	git(t, dir, "add", ".")
	git(t, dir, "commit", "--quiet", "-m", "schema and code together")
	r.Mix = git(t, dir, "rev-parse", "HEAD")
	r.Migrations = ups + 1
	return r
}

// chrootRun runs the binary inside root with an empty environment and the
// working directory wd (a path inside root). mode picks how root is entered.
type chrootMode int

const (
	chrootPlain  chrootMode = iota // chroot(2) as root
	chrootUserNS                   // a user namespace in which we are root
)

func (m chrootMode) String() string {
	return [...]string{"chroot", "user namespace + chroot"}[m]
}

func chrootCmd(root, wd string, mode chrootMode, args ...string) *exec.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = []string{} // empty, not inherited
	cmd.Dir = wd
	cmd.SysProcAttr = chrootAttr(root, mode)
	return cmd
}

// TestChrootReleaseBinary runs the release binary (built exactly as the
// Dockerfile builds it) in a root holding only what the image holds, with an
// empty environment: `check` on a git repository and `migrate` on SQLite
// must work there, so the image needs nothing the binary does not carry.
func TestChrootReleaseBinary(t *testing.T) {
	t.Parallel()
	const version = "v0.0.0-chroot"
	bin := buildRelease(t, version)
	root, entry := imageRoot(t, bin)

	// Find a way into the root; not every machine permits one.
	var mode chrootMode
	var reasons []string
	found := false
	for _, m := range []chrootMode{chrootPlain, chrootUserNS} {
		var stdout, stderr bytes.Buffer
		cmd := chrootCmd(root, "/", m, entry, "--version")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			reasons = append(reasons, fmt.Sprintf("%s: %v %s", m, err, stderr.String()))
			continue
		}
		if got := strings.TrimSpace(stdout.String()); got != "schemagate "+version {
			t.Fatalf("%s --version in the root = %q, want %q (is -X %s still the version variable?)", entry, got, "schemagate "+version, versionVar)
		}
		mode, found = m, true
		break
	}
	if !found {
		msg := "cannot enter a chroot here (" + strings.Join(reasons, "; ") + ")"
		if os.Getenv("SCHEMAGATE_REQUIRE_CHROOT") == "1" || os.Getenv("GITHUB_ACTIONS") == "true" {
			t.Fatal(msg + "; it must run in CI")
		}
		t.Skip(msg + "; set SCHEMAGATE_REQUIRE_CHROOT=1 to make this a failure")
	}
	t.Logf("entering the root with %s", mode)

	repo := makeFixtureRepo(t)
	const ws = "/github/workspace" // where the runner mounts the workspace
	if err := os.CopyFS(filepath.Join(root, ws), os.DirFS(repo.Dir)); err != nil {
		t.Fatalf("copy the fixture into the root: %v", err)
	}

	run := func(t *testing.T, args ...string) (int, string) {
		t.Helper()
		var out bytes.Buffer
		cmd := chrootCmd(root, ws, mode, append([]string{entry}, args...)...)
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), out.String()
		}
		if err != nil {
			t.Fatalf("run %q in the root: %v", args, err)
		}
		return 0, out.String()
	}

	t.Run("check", func(t *testing.T) {
		code, out := run(t, "check", "--base-ref", repo.Base, "--head-ref", repo.CodeOnly)
		if code != 0 {
			t.Fatalf("check of a code-only range: exit %d, want 0\n%s", code, out)
		}
		if !strings.Contains(out, "code") {
			t.Errorf("check report does not name the change kind code:\n%s", out)
		}
		code, out = run(t, "check", "--base-ref", repo.CodeOnly)
		if code != 1 {
			t.Fatalf("check of a mixed range (head defaults to HEAD): exit %d, want 1\n%s", code, out)
		}
		if !strings.Contains(out, "mixed") {
			t.Errorf("check report does not name the change kind mixed:\n%s", out)
		}
	})

	t.Run("migrate", func(t *testing.T) {
		code, out := run(t, "migrate", "--database-url", "sqlite:///tmp/db.sqlite", "--migrations-path", "migrations")
		if code != 0 {
			t.Fatalf("migrate on SQLite: exit %d, want 0\n%s", code, out)
		}
		v, dirty := sqliteVersion(t, filepath.Join(root, "tmp", "db.sqlite"))
		if v != repo.Migrations || dirty {
			t.Fatalf("after migrate: version %d dirty %v, want %d clean\n%s", v, dirty, repo.Migrations, out)
		}
	})
}

func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqliteVersion(t *testing.T, path string) (int, bool) {
	t.Helper()
	db := openSQLite(t, path)
	var v int
	var dirty bool
	if err := db.QueryRow("SELECT version, dirty FROM schema_migrations").Scan(&v, &dirty); err != nil {
		t.Fatalf("read schema_migrations of %s: %v", path, err)
	}
	return v, dirty
}

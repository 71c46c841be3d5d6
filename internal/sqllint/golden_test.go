package sqllint

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// render is the golden form: one finding per line, as finding.String does.
func render(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRuleGolden runs every testdata/rules/<rule>/<dialect>_<bad|ok>_*.sql
// through Lint and compares with the .golden file next to it. A _bad_ case
// must produce its directory's rule and an _ok_ case must not, so a golden
// file cannot silently bless a rule that stopped firing.
func TestRuleGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/rules/*/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		if isGoldenContext(path) {
			continue // the base history or earlier file of the case next to it
		}
		ruleID := strings.ToUpper(filepath.Base(filepath.Dir(path)))
		name := strings.TrimSuffix(filepath.Base(path), ".sql")
		dialect, kind, ok := strings.Cut(name, "_")
		if !ok {
			t.Fatalf("%s: name must be <dialect>_<bad|ok>_<what>.sql", path)
		}
		seen[ruleID] = true
		t.Run(ruleID+"/"+name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := lintGolden(t, ruleID, dialect, path, src)
			fired := false
			for _, f := range got {
				fired = fired || f.Rule == ruleID
			}
			switch {
			case strings.HasPrefix(kind, "bad") && !fired:
				t.Errorf("%s did not fire:\n%s", ruleID, render(got))
			case strings.HasPrefix(kind, "ok") && fired:
				t.Errorf("%s fired on a safe case:\n%s", ruleID, render(got))
			}
			golden := strings.TrimSuffix(path, ".sql") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(render(got)), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if render(got) != string(want) {
				t.Errorf("findings differ from %s\n--- got\n%s--- want\n%s", golden, render(got), want)
			}
		})
	}
	for _, r := range allRules {
		if !seen[r.id] {
			t.Errorf("rule %s has no golden tests under testdata/rules/%s", r.id, strings.ToLower(r.id))
		}
	}
}

// lintGoldenBad lints every _bad_ golden input of a rule.
func lintGoldenBad(t *testing.T, id string) []finding.Finding {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata/rules", strings.ToLower(id), "*_bad*.sql"))
	if len(files) == 0 {
		t.Fatalf("%s has no _bad_ golden case", id)
	}
	var out []finding.Finding
	for _, path := range files {
		if isGoldenContext(path) {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dialect, _, _ := strings.Cut(filepath.Base(path), "_")
		out = append(out, lintGolden(t, id, dialect, path, src)...)
	}
	return out
}

// goldenSettings turns on the directory's rule when it is off by default.
func goldenSettings(id string) Settings {
	if r := ruleByID(id); r != nil && r.off {
		return Settings{Severity: map[string]string{id: string(r.severity)}}
	}
	return Settings{}
}

// isGoldenContext: <name>.base.sql and <name>.earlier.sql are context for
// the case <name>.sql, not cases of their own.
func isGoldenContext(path string) bool {
	return strings.HasSuffix(path, ".base.sql") || strings.HasSuffix(path, ".earlier.sql")
}

// lintGolden lints one golden case: alone, or as a change set when
// <name>.base.sql (the base history) or <name>.earlier.sql (an earlier
// migration of the same change set, whose findings are listed too) sits
// next to it.
func lintGolden(t *testing.T, id, dialect, path string, src []byte) []finding.Finding {
	t.Helper()
	path = filepath.ToSlash(path)
	stem := strings.TrimSuffix(path, ".sql")
	base, errBase := os.ReadFile(stem + ".base.sql")
	earlier, errEarlier := os.ReadFile(stem + ".earlier.sql")
	if errBase != nil && errEarlier != nil {
		return goldenSettings(id).Lint(dialect, path, src)
	}
	var baseFiles, changed []File
	if errBase == nil {
		baseFiles = []File{{Path: "base.sql", Src: base}}
	}
	if errEarlier == nil {
		changed = []File{{Path: stem + ".earlier.sql", Src: earlier}}
	}
	got, notes := goldenSettings(id).LintChangeSet(dialect, baseFiles, append(changed, File{Path: path, Src: src}))
	if len(notes) > 0 {
		t.Errorf("%s: unexpected notes %v", path, notes)
	}
	return got
}

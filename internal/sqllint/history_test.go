package sqllint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/finding"
)

// TestHistory lints a realistic product schema's history (about 50
// migrations with expand/contract steps and suppressed contract steps) in
// each dialect and compares every finding with testdata/history/<dialect>.golden.
// The golden file is the reviewed list: each finding in it was judged a true
// positive (see the comments at its top).
func TestHistory(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ dialect, variant string }{
		{dialectPostgres, ""}, {dialectMySQL, ""},
		// The same files with every suppression disabled: what the rules
		// find in the contract steps, proving each suppression is needed.
		{dialectPostgres, "unsuppressed"}, {dialectMySQL, "unsuppressed"},
	} {
		dialect := tc.dialect
		t.Run(strings.Trim(dialect+"/"+tc.variant, "/"), func(t *testing.T) {
			t.Parallel()
			files, _ := filepath.Glob(filepath.Join("testdata/history", dialect, "*.up.sql"))
			if len(files) < 45 {
				t.Fatalf("history has %d migrations, want about 50", len(files))
			}
			var all []finding.Finding
			for _, path := range files {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if tc.variant == "unsuppressed" {
					src = []byte(strings.ReplaceAll(string(src), "schemagate:ignore ", "schemagate:ignore-disabled "))
				}
				all = append(all, Lint(dialect, filepath.Base(path), src)...)
			}
			counts := map[string]int{}
			for _, f := range all {
				counts[f.Rule]++
			}
			var summary []string
			for rule, n := range counts {
				summary = append(summary, fmt.Sprintf("%s=%d", rule, n))
			}
			sort.Strings(summary)
			t.Logf("%d migrations, findings per rule: %s", len(files), strings.Join(summary, " "))

			compareHistoryGolden(t, filepath.Join("testdata/history", strings.Trim(dialect+"."+tc.variant, ".")+".golden"), all)
		})
	}
}

// readHistoryGolden splits the golden file into its comment header (kept on
// -update) and the findings.
func readHistoryGolden(t *testing.T, path string) (header, body string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			header += line
		} else {
			body += line
		}
	}
	return header, body
}

// TestHistoryAsChangeSets judges each history migration the way check does
// when a pull request adds it: as a change set over the schema that all the
// migrations before it build. Compared with testdata/history/<dialect>.changesets.golden
// (unsuppressed, like the .unsuppressed variant, so the difference the
// model makes is visible: widening a varchar is not SG206, a table created
// by IF NOT EXISTS over an existing one is not new, and so on).
func TestHistoryAsChangeSets(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{dialectPostgres, dialectMySQL} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			paths, _ := filepath.Glob(filepath.Join("testdata/history", dialect, "*.up.sql"))
			sort.Strings(paths)
			var files []File
			for _, path := range paths {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				src = []byte(strings.ReplaceAll(string(src), "schemagate:ignore ", "schemagate:ignore-disabled "))
				files = append(files, File{Path: filepath.Base(path), Src: src})
			}
			var all []finding.Finding
			counts := map[string]int{}
			for i := 0; i < len(files); {
				// A file whose first line says so joins the previous file's
				// change set (one pull request with several migrations).
				j := i + 1
				for j < len(files) && strings.HasPrefix(string(files[j].Src), "-- schemagate-test: same change set") {
					j++
				}
				got, notes := Settings{}.LintChangeSet(dialect, files[:i], files[i:j])
				i = j
				if len(notes) > 0 {
					t.Fatalf("%s: %v", files[j-1].Path, notes)
				}
				for _, f := range got {
					counts[f.Rule]++
				}
				all = append(all, got...)
			}
			t.Logf("%d migrations as change sets, findings per rule: %v", len(files), counts)
			compareHistoryGolden(t, filepath.Join("testdata/history", dialect+".changesets.golden"), all)
		})
	}
}

// compareHistoryGolden compares findings with a history golden file (or
// rewrites it under -update, keeping its comment header).
func compareHistoryGolden(t *testing.T, golden string, all []finding.Finding) {
	t.Helper()
	header, want := readHistoryGolden(t, golden)
	got := render(all)
	if *update {
		if err := os.WriteFile(golden, []byte(header+got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != want {
		t.Errorf("findings differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
	}
}

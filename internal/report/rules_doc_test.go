package report

import (
	"os"
	"strings"
	"testing"
)

// TestDocsHaveEveryLintRule: every SG1xx id the reports link to
// (RulesDocURL#sgNNN) has its section in docs/rules.md, and the README
// links it.
func TestDocsHaveEveryLintRule(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for id := range lintRules {
		if !strings.Contains(string(doc), "\n### "+id+"\n") {
			t.Errorf("docs/rules.md has no section ### %s", id)
		}
		if link := "docs/rules.md#" + strings.ToLower(id); !strings.Contains(string(readme), link) {
			t.Errorf("README does not link %s", link)
		}
	}
}

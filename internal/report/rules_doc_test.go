package report

import (
	"os"
	"strings"
	"testing"
)

// TestDocsHaveEveryLintRule: every SG1xx id the reports link to
// (RulesDocURL#sgNNN) has its section in docs/rules.md, and the rule list in docs/check.md
// links it.
func TestDocsHaveEveryLintRule(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	lists, err := os.ReadFile("../../docs/check.md")
	if err != nil {
		t.Fatal(err)
	}
	for id := range lintRules {
		if !strings.Contains(string(doc), "\n### "+id+"\n") {
			t.Errorf("docs/rules.md has no section ### %s", id)
		}
		if link := "](rules.md#" + strings.ToLower(id) + ")"; !strings.Contains(string(lists), link) {
			t.Errorf("docs/check.md's rule list does not link %s", link)
		}
	}
}

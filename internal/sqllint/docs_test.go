package sqllint

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryRule: docs/rules.md has a section per rule (its anchor
// is #sgNNN) naming the rule's squawk equivalent, and the rule list in docs/check.md
// links each rule to it, so the reference cannot fall behind the code.
func TestDocsListEveryRule(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	lists, err := os.ReadFile("../../docs/check.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, part := range strings.Split(string(doc), "\n### ")[1:] {
		id, body, _ := strings.Cut(part, "\n")
		sections[id] = body
	}
	for _, r := range allRules {
		body, ok := sections[r.id]
		if !ok {
			t.Errorf("docs/rules.md has no section ### %s", r.id)
			continue
		}
		body, _, _ = strings.Cut(body, "\n### ")
		want := "squawk: none"
		if r.squawk != "" {
			want = "squawk: `" + r.squawk + "`"
		}
		if !strings.Contains(body, want) {
			t.Errorf("docs/rules.md#%s does not say %q", strings.ToLower(r.id), want)
		}
		if r.off && !strings.Contains(body, "off by default") {
			t.Errorf("docs/rules.md#%s does not say the rule is off by default", strings.ToLower(r.id))
		}
		if link := "](rules.md#" + strings.ToLower(r.id) + ")"; !strings.Contains(string(lists), link) {
			t.Errorf("docs/check.md's rule list does not link %s", link)
		}
	}
}

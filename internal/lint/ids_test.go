package lint

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRuleIDsMatchRuleFiles: the list that the config file's rules: key is
// checked against names exactly the rules that exist, one file each.
func TestRuleIDsMatchRuleFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("rule_sg1*.go")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ids = append(ids, strings.ToUpper(strings.TrimSuffix(strings.TrimPrefix(f, "rule_"), ".go")))
	}
	if got := RuleIDs(); !slices.Equal(got, ids) {
		t.Errorf("RuleIDs() = %q, rule files say %q", got, ids)
	}
}

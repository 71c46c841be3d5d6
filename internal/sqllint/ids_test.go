package sqllint

import (
	"slices"
	"testing"
)

func TestRuleIDs(t *testing.T) {
	t.Parallel()
	ids := RuleIDs()
	if !slices.Contains(ids, "SG201") || !slices.Contains(ids, "SG224") || slices.Contains(ids, "SG101") {
		t.Errorf("RuleIDs() = %q", ids)
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("RuleIDs() not sorted and unique: %q", ids)
	}
}

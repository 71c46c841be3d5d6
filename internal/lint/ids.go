package lint

import "slices"

// ruleIDs are the migration lint rules, one rule_sg1xx.go file each.
var ruleIDs = []string{"SG101", "SG102", "SG103", "SG104", "SG105", "SG106", "SG107", "SG108"}

// RuleIDs lists the ids of the migration lint rules (SG1xx), in order.
func RuleIDs() []string { return slices.Clone(ruleIDs) }

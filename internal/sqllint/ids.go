package sqllint

// RuleIDs lists the ids of the SQL safety rules (SG2xx), in id order.
func RuleIDs() []string {
	ids := make([]string, len(allRules))
	for i, r := range allRules {
		ids[i] = r.id
	}
	return ids
}

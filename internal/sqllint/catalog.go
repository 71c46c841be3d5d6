package sqllint

// Summary is the one-line description of SQL rule id ("" for an id that is
// not an SG2xx rule), for reports that describe their rules (SARIF).
func Summary(id string) string {
	if r := ruleByID(id); r != nil {
		return r.summary
	}
	return ""
}

package report

import (
	"fmt"
	"testing"
)

// BenchmarkCheckReports renders every check sink for a change set of
// 100,000 files with 3,000 findings (go test -bench CheckReports
// -benchtime 3x ./internal/report).
func BenchmarkCheckReports(b *testing.B) {
	r := mixedResult()
	for i := range 100000 {
		r.Class.Code = append(r.Class.Code, fmt.Sprintf("pkg/%05d/file.go", i))
	}
	for i := range 3000 {
		r.Findings = append(r.Findings, warnAt("SG224", fmt.Sprintf("db/migrations/%06d_x.up.sql", i+10), 1, "ALTER TABLE `orders` without lock_timeout set first."))
	}
	b.ReportAllocs()
	for b.Loop() {
		s, c, txt := CheckSummary(r), CommentBody(r, ""), CheckText(r)
		if _, err := SARIF(r.Findings, "dev", nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(s)), "summary-bytes")
		b.ReportMetric(float64(len(c)), "comment-bytes")
		b.ReportMetric(float64(len(txt)), "text-bytes")
	}
}

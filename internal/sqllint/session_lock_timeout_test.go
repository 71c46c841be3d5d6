package sqllint

import (
	"context"
	"testing"
)

func rules(fs []string) map[string]bool {
	m := map[string]bool{}
	for _, r := range fs {
		m[r] = true
	}
	return m
}

// TestLintSessionLockTimeout: with the job's statement-lock-timeout, SG224
// is satisfied and every other finding stays.
func TestLintSessionLockTimeout(t *testing.T) {
	t.Parallel()
	src := []byte("ALTER TABLE users ADD COLUMN email text;\nDROP TABLE orders;\n")
	for _, dialect := range []string{"postgres", "mysql"} {
		var plain, withJob []string
		for _, f := range Lint(dialect, "m/2_x.up.sql", src) {
			plain = append(plain, f.Rule)
		}
		got, err := LintSessionLockTimeout(context.Background(), dialect, "m/2_x.up.sql", src)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range got {
			withJob = append(withJob, f.Rule)
		}
		p, j := rules(plain), rules(withJob)
		if !p["SG224"] || !p["SG201"] {
			t.Fatalf("%s: Lint = %v, want SG224 and SG201 (the test's premise)", dialect, plain)
		}
		if j["SG224"] || !j["SG201"] || len(withJob) != len(plain)-1 {
			t.Errorf("%s: LintSessionLockTimeout = %v, want %v without SG224", dialect, withJob, plain)
		}
	}
}

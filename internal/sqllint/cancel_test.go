package sqllint

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLintContextCancel: a cancelled check (SIGINT/SIGTERM) stops linting a
// large file promptly with the context's error, in every dialect, instead of
// finishing the parse first.
func TestLintContextCancel(t *testing.T) {
	t.Parallel()
	src := insertFile(8 << 20)
	for _, dialect := range []string{dialectPostgres, dialectMySQL, dialectSQLite} {
		t.Run(dialect, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			start := time.Now()
			out, err := LintContext(ctx, dialect, "big.up.sql", src)
			if !errors.Is(err, context.Canceled) || out != nil {
				t.Fatalf("LintContext(cancelled) = %d findings, %v; want context.Canceled", len(out), err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("a cancelled lint took %v", d)
			}
		})
	}
	t.Run("mid-parse", func(t *testing.T) {
		full := time.Now()
		if _, err := LintContext(context.Background(), dialectMySQL, "big.up.sql", src); err != nil {
			t.Fatal(err)
		}
		whole := time.Since(full)
		ctx, cancel := context.WithTimeout(context.Background(), whole/10)
		defer cancel()
		start := time.Now()
		_, err := LintContext(ctx, dialectMySQL, "big.up.sql", src)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("LintContext past its deadline = %v; want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > whole/2 {
			t.Errorf("cancelled after %v, the lint still ran %v of the %v a whole lint takes", whole/10, d, whole)
		}
	})
}

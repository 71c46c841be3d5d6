package sqllint

import (
	"context"

	"github.com/schemagate/schemagate/internal/finding"
)

// LintChangeSetContext is LintChangeSet that returns ctx's error as soon as
// ctx is done (SIGINT/SIGTERM), without waiting for a long parse to end.
func (s Settings) LintChangeSetContext(ctx context.Context, dialect string, base, changed []File) ([]finding.Finding, []string, error) {
	var f []finding.Finding
	var n []string
	if err := untilDone(ctx, func() { f, n = s.LintChangeSet(dialect, base, changed) }); err != nil {
		return nil, nil, err // f and n may still be written: never read them
	}
	return f, n, nil
}

// LintContext is Lint that returns ctx's error as soon as ctx is done.
func LintContext(ctx context.Context, dialect, file string, src []byte) ([]finding.Finding, error) {
	var f []finding.Finding
	if err := untilDone(ctx, func() { f = Lint(dialect, file, src) }); err != nil {
		return nil, err // f may still be written: never read it
	}
	return f, nil
}

// untilDone runs fn on its own goroutine and waits for it or for ctx,
// whichever ends first. A cancelled check exits right after, taking the
// unfinished parse with it; fn's results are used only when it finished.
func untilDone(ctx context.Context, fn func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

package app

import "context"

// runCheck runs the check command.
func runCheck(ctx context.Context, e *Env) int {
	return ExitOK
}

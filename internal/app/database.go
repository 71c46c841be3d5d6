package app

import "context"

// runDatabase runs plan, migrate, down, force and verify.
func runDatabase(ctx context.Context, e *Env) int {
	e.Sink.Error("command %s is not built yet", e.Cfg.Command)
	return ExitConfig
}

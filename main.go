// Command schemagate keeps database schema changes and application code out of
// the same deploy, lints golang-migrate migration files and applies migrations
// in a separate, gated job. It runs as a GitHub Action and as a plain CLI.
package main

import (
	"context"
	"os"
	"syscall"

	"github.com/schemagate/schemagate/internal/app"
	"github.com/schemagate/schemagate/internal/signals"
)

func main() {
	// First signal: stop between migrations; second: cancel the statement
	// in flight (see internal/signals).
	ctx, stop := signals.Notify(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

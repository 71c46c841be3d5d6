package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/report"
	"github.com/schemagate/schemagate/internal/secret"
)

// Env is what a command runs with: the validated inputs, the environment
// (for GITHUB_* variables) and the sink its report goes to.
type Env struct {
	Cfg    *config.Config
	Getenv config.Getenv
	Sink   *report.Sink
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs schemagate with CLI arguments args and returns the exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (code int) {
	// A panic is a bug, but it must still end as a clear message and the
	// documented exit code; deferred cleanups (a migration lock) have run by
	// the time this recovers.
	redact := func(s string) string { return s }
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "schemagate: internal error: %s (please report it at https://github.com/schemagate/schemagate/issues)\n", redact(fmt.Sprint(r)))
			code = ExitFailed
		}
	}()
	if len(args) > 0 {
		switch args[0] {
		case "-h", "--help", "help":
			fmt.Fprint(stdout, usage())
			return ExitOK
		case "--version", "version":
			fmt.Fprintf(stdout, "schemagate %s\n", Version)
			return ExitOK
		}
	}
	env, err := config.Overlay(args, getenv)
	if err != nil {
		sink := report.NewSink(getenv, stdout, stderr)
		sink.Error("%v", err)
		return exitCode(err)
	}
	sink := report.NewSink(env, stdout, stderr)
	red := secret.New(rawDatabaseURL(env), env(config.EnvName("github-token")), env(config.EnvName("scratch-database-url")))
	for _, s := range red.Secrets() {
		sink.Mask(s)
	}
	sink.Redact = red.Redact
	redact = red.Redact

	cfg, err := config.Load(env)
	if err != nil {
		for _, e := range flatten(err) {
			sink.Error("%v", e)
		}
		return exitCode(err)
	}
	e := &Env{Cfg: cfg, Getenv: env, Sink: sink, Stdout: stdout, Stderr: stderr}
	switch cfg.Command {
	case "check":
		return runCheck(ctx, e)
	case "rehearse":
		return runRehearse(ctx, e)
	case "drift":
		return runDrift(ctx, e)
	default:
		return runDatabase(ctx, e)
	}
}

// rawDatabaseURL is the URL as given, before validation, so it can be masked
// before anything else is printed.
func rawDatabaseURL(getenv config.Getenv) string {
	if v := getenv(config.EnvName("database-url")); v != "" {
		return v
	}
	return getenv("DATABASE_URL")
}

// flatten splits a joined error into its parts, one message each.
func flatten(err error) []error {
	var j interface{ Unwrap() []error }
	if errors.As(err, &j) {
		return j.Unwrap()
	}
	return []error{err}
}

func usage() string {
	s := `schemagate: keep schema changes and code changes in separate deploys.

Usage:
  schemagate <command> [--input-name value ...]

Commands:
  check    classify the changed files (schema, code, mixed, none); fail on mixed; lint migrations
  plan     show the database version, dirty flag and pending migrations (read-only)
  migrate  apply pending migrations (up to --target-version)
  down     roll back --steps migrations
  force    set --version and clear the dirty flag (recovery)
  verify   fail while the database lacks migrations this commit ships
  rehearse build the base's schema in an empty database, fill it, run the new migrations up, down, up
  drift    compare the live schema with the migrations replayed into --scratch-database-url

Flags are named like the action's inputs; INPUT_* variables are honoured too:
`
	for _, in := range config.Inputs {
		def := in.Default
		if def == config.TokenDefault {
			def = "$GITHUB_TOKEN"
		}
		s += fmt.Sprintf("  --%-18s %s (default %q)\n", in.Name, in.Description, def)
	}
	s += "\nExit codes: 0 success, 1 check or migration failed, 2 bad input or configuration.\n"
	return s
}

package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

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
	var sink *report.Sink
	command := ""
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("internal error: %s (please report it at https://github.com/schemagate/schemagate/issues)", redact(fmt.Sprint(r)))
			fmt.Fprintf(stderr, "schemagate: %s\n", msg)
			code = ExitFailed
			if sink != nil && sink.Actions {
				func() {
					defer func() { _ = recover() }() // the summary file itself may be the problem
					_ = sink.Summary(report.FailureSummary(command, code, []string{msg}))
				}()
			}
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
		sink = report.NewSink(getenv, stdout, stderr)
		sink.Redact = secret.New(rawDatabaseURL(getenv), getenv(config.EnvName("github-token"))).Redact
		return failed(sink, "", exitCode(err), err)
	}
	sink = report.NewSink(env, stdout, stderr)
	red := secret.New(rawDatabaseURL(env), env(config.EnvName("github-token")))
	for _, s := range red.Secrets() {
		sink.Mask(s)
	}
	sink.Redact = red.Redact
	redact = red.Redact
	command = knownCommand(env(config.EnvName("command")))

	cfg, err := config.Load(env)
	if err != nil {
		return failed(sink, command, exitCode(err), err)
	}
	e := &Env{Cfg: cfg, Getenv: env, Sink: sink, Stdout: stdout, Stderr: stderr}
	switch cfg.Command {
	case "check":
		return runCheck(ctx, e)
	default:
		return runDatabase(ctx, e)
	}
}

// knownCommand is the command input when it names a command, for the
// failure summary's title; "" otherwise.
func knownCommand(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if slices.Contains(config.Commands, v) {
		return v
	}
	return ""
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

package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/schemagate/schemagate/internal/check"
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
	// Secrets are known before the first byte is written: from the raw
	// environment and from every argument, so even a usage error about a
	// database URL typed as an argument cannot print it.
	red := redactor(args, getenv)
	redact := red.Redact
	// The sink reads only GITHUB_* variables, which Overlay passes through,
	// so one sink serves the usage error and the run.
	sink := report.NewSink(getenv, stdout, stderr)
	sink.Redact = redact
	command := ""
	// A panic is a bug, but it must still end as a clear message and the
	// documented exit code; deferred cleanups (a migration lock) have run by
	// the time this recovers.
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("internal error: %s (please report it at https://github.com/schemagate/schemagate/issues)", redact(fmt.Sprint(r)))
			fmt.Fprintf(stderr, "schemagate: %s\n", msg)
			code = ExitFailed
			if sink.Actions {
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
	for _, s := range red.Secrets() {
		sink.Mask(s)
	}
	env, err := config.Overlay(args, getenv)
	if err != nil {
		return failed(sink, "", exitCode(err), err)
	}
	command = knownCommand(env(config.EnvName("command")))

	cfg, err := config.Load(env)
	if err != nil {
		return failed(sink, command, exitCode(err), err)
	}
	// The database commands take their unit's migrations path and dialect
	// from the config file in the workspace; check reads the file at the
	// base revision itself, so a pull request cannot loosen its own gate.
	if cfg.Command != "check" {
		if err := cfg.ApplyFile(check.KnownRule); err != nil {
			return failed(sink, command, exitCode(err), err)
		}
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

// knownCommand is the command input when it names a command, for the
// failure summary's title; "" otherwise.
func knownCommand(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if slices.Contains(config.Commands, v) {
		return v
	}
	return ""
}

// secretInputs are the inputs whose values are secrets whatever they hold.
var secretInputs = []string{"database-url", "scratch-database-url", "github-token"}

// secretEnv are the variables that hold secrets outside the inputs.
var secretEnv = []string{"DATABASE_URL", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}

// redactor knows every secret of the run before validation: the secret
// inputs (as INPUT_* variables and as flags), the secret variables, and any
// other input or argument that looks like a URL with credentials or a
// token.
func redactor(args []string, getenv config.Getenv) *secret.Redactor {
	vals := secret.Args(args, secretInputs...)
	for _, name := range secretInputs {
		vals = append(vals, getenv(config.EnvName(name)))
	}
	for _, name := range secretEnv {
		vals = append(vals, getenv(name))
	}
	for _, in := range config.Inputs {
		if v := getenv(config.EnvName(in.Name)); secret.LooksSecret(v) {
			vals = append(vals, v)
		}
	}
	var out []string
	for _, v := range vals {
		if v == config.TokenDefault {
			continue
		}
		out = append(out, v)
		if t := strings.TrimSpace(v); t != v {
			out = append(out, t)
		}
	}
	return secret.New(out...)
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

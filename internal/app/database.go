package app

import (
	"context"

	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/gate"
	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/rehearse"
	"github.com/schemagate/schemagate/internal/report"
	"github.com/schemagate/schemagate/internal/signals"
)

// runDatabase runs plan, migrate, down, force and verify: the gate first,
// then the command, then the reporters.
func runDatabase(ctx context.Context, e *Env) int {
	cfg := e.Cfg
	if e.Sink.Actions {
		ev, err := event.Load(e.Getenv)
		if err == nil {
			err = gate.Check(cfg.Command, true, ev, cfg.AllowedRefs)
		} else if !contains(gate.Writes, cfg.Command) {
			err = nil // read-only commands do not need the event
		}
		if err != nil {
			e.Sink.Error("%v", err)
			if serr := e.Sink.Summary(report.RefusedSummary(cfg.Command, err.Error())); serr != nil {
				e.Sink.Warning("%v", serr)
			}
			return ExitConfig
		}
	}

	o := migrate.Options{
		URL:            cfg.DatabaseURL,
		Dir:            cfg.MigrationsDir,
		MigrationsPath: cfg.MigrationsPath,
		LockTimeout:    cfg.LockTimeout,
		Progress:       report.MigrationLog{Sink: e.Sink},
		Safety:         safety(e),
		Abort:          signals.Second(ctx),
		MatchSchema:    schemaMatcher(e),
	}
	var res *migrate.Result
	var err error
	switch cfg.Command {
	case "plan":
		res, err = migrate.Plan(ctx, o)
	case "verify":
		res, err = migrate.Verify(ctx, o)
	case "migrate":
		res, err = migrate.Migrate(ctx, o, cfg.TargetVersion, cfg.HasTargetVersion)
	case "down":
		res, err = migrate.Down(ctx, o, cfg.Steps)
	case "force":
		res, err = migrate.Force(ctx, o, cfg.Version)
	default:
		e.Sink.Error("command %s is not a database command", cfg.Command)
		return ExitConfig
	}
	if res == nil {
		res = &migrate.Result{Command: cfg.Command, MigrationsPath: cfg.MigrationsPath}
	}

	report.MigrateAnnotate(e.Sink, res)
	code := ExitOK
	if err != nil {
		// On a runner a failed file is already an error annotation on its
		// line (MigrateAnnotate): a second one would repeat its words.
		if !e.Sink.Actions || res.Failure == nil || res.Failure.Step.File == "" {
			e.Sink.Error("%v", err)
		}
		code = ExitFailed
		if migrate.KindOf(err) == migrate.KindInput {
			code = ExitConfig
		}
	}
	if oerr := report.MigrateOutputs(e.Sink, res); oerr != nil {
		e.Sink.Error("%v", oerr)
		code = max(code, ExitFailed)
	}
	if serr := e.Sink.Summary(report.MigrateSummary(res, err)); serr != nil {
		e.Sink.Warning("%v", serr)
	}
	return code
}

// schemaMatcher is the exact dirty-state recovery's comparison when a
// scratch database is at hand: scratch-database-url, or on SQLite a
// temporary file (in RUNNER_TEMP, else the system's temporary directory).
// nil otherwise: the advice then says how to tell by hand.
func schemaMatcher(e *Env) func(context.Context, []int) (*migrate.SchemaMatch, error) {
	cfg := e.Cfg
	live, err := migrate.ParseURL(cfg.DatabaseURL)
	if err != nil || (cfg.ScratchDatabaseURL == "" && live.Engine != migrate.SQLite) {
		return nil
	}
	return rehearse.Matcher{
		Live: cfg.DatabaseURL, Dir: cfg.MigrationsDir, LockTimeout: cfg.LockTimeout, Exclude: historyExclude(cfg),
		Scratch: rehearse.Scratch{URL: cfg.ScratchDatabaseURL, TempDir: e.Getenv("RUNNER_TEMP")},
	}.MatchSchema
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

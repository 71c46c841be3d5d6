package app

import (
	"context"
	"errors"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/ghapi"
	"github.com/schemagate/schemagate/internal/migrate"
	"github.com/schemagate/schemagate/internal/rehearse"
	"github.com/schemagate/schemagate/internal/report"
)

// runRehearse runs the rehearse command: no gate (it runs on pull requests,
// against a throwaway database it refuses unless empty).
func runRehearse(ctx context.Context, e *Env) int {
	cfg := e.Cfg
	ev, err := event.Load(e.Getenv)
	if err != nil {
		e.Sink.Error("%v", err)
		return ExitConfig
	}
	var res *rehearse.Result
	var m *check.Migrations
	err = rehearse.NeedDatabase(cfg.DatabaseURL, cfg.SQLDialect, "database-url")
	if err == nil {
		m, err = check.ResolveMigrations(ctx, check.Options{Cfg: cfg, Event: ev})
	}
	rangeDesc := ""
	if err == nil {
		rangeDesc = m.Range
		res, err = rehearse.Run(ctx, rehearse.Options{
			URL: cfg.DatabaseURL, Dialect: cfg.SQLDialect, TempDir: e.Getenv("RUNNER_TEMP"),
			Base: m.Base, Head: m.Head, New: m.New, MigrationsPath: cfg.MigrationsPath,
			SeedFile: cfg.SeedPath, SeedName: cfg.SeedFile, Rows: cfg.RehearseRows,
			LockTimeout: cfg.LockTimeout, StatementLockTimeout: cfg.StatementLockTimeout, Exclude: historyExclude(cfg),
		})
	}
	code := ExitOK
	if err != nil {
		e.Sink.Error("rehearse: %v", err)
		code = commandExit(err)
	}
	if res != nil {
		if f := res.Failure; f != nil {
			e.Sink.Annotate(finding.Finding{Rule: "schemagate rehearse", Severity: finding.Error, File: f.File, Line: f.Line,
				Message: "rehearsal failed: " + f.Reason + dataSuffix(f.Data)})
			e.Sink.Error("rehearsal failed at %s: %s%s", f.File, f.Reason, dataSuffix(f.Data))
			code = max(code, ExitFailed)
		}
		if res.Temporary != "" {
			e.Sink.Info("rehearsal database: temporary SQLite file %s", res.Temporary)
		}
		if oerr := report.RehearseOutputs(e.Sink, res); oerr != nil {
			e.Sink.Error("%v", oerr)
			code = max(code, ExitFailed)
		}
	}
	summary := report.RehearseSummary(res, rangeDesc, err)
	if serr := e.Sink.Summary(summary); serr != nil {
		e.Sink.Warning("%v", serr)
	}
	if cfg.Comment {
		rehearseComment(ctx, e, ev, summary)
	}
	return code
}

// rehearseComment creates or updates the rehearsal's sticky comment. A
// failure to comment is a warning: the rehearsal's verdict stands.
func rehearseComment(ctx context.Context, e *Env, ev *event.Event, summary string) {
	pr := ev.PullRequest
	switch {
	case pr == nil:
		e.Sink.Notice("comment: true has no effect here: there is no pull request to comment on")
		return
	case pr.Fork && ev.Name == "pull_request":
		e.Sink.Notice("comment: true skipped: pull request #%d comes from a fork, whose token is read-only; the report is in the job summary", pr.Number)
		return
	case e.Cfg.GitHubToken == "":
		e.Sink.Warning("comment: true needs github-token to post the report on pull request #%d", pr.Number)
		return
	}
	api, err := ghapi.New(e.Getenv("GITHUB_API_URL"), e.Cfg.GitHubToken)
	if err != nil {
		e.Sink.Warning("comment: GITHUB_API_URL: %v", err)
		return
	}
	if e.Sink.Redact != nil {
		summary = e.Sink.Redact(summary) // the comment is public: no secret in it
	}
	url, _, err := api.UpsertComment(ctx, ev.Owner, ev.Repo, pr.Number, report.RehearseCommentMarker, report.RehearseComment(summary))
	if err != nil {
		e.Sink.Warning("could not post the rehearsal comment (the result stands): %v", err)
		return
	}
	e.Sink.Info("rehearsal comment: %s", url)
}

func dataSuffix(data string) string {
	if data == "" {
		return ""
	}
	return " (" + data + ")"
}

// runDrift runs the drift command: it only reads the live database and
// writes only to the scratch one, so it needs no gate either.
func runDrift(ctx context.Context, e *Env) int {
	cfg := e.Cfg
	res, err := rehearse.Drift(ctx, rehearse.DriftOptions{
		Live: cfg.DatabaseURL, Dir: cfg.MigrationsDir, MigrationsPath: cfg.MigrationsPath, LockTimeout: cfg.LockTimeout,
		Scratch: rehearse.Scratch{URL: cfg.ScratchDatabaseURL, TempDir: e.Getenv("RUNNER_TEMP")},
		Exclude: historyExclude(cfg),
	})
	code := ExitOK
	if err != nil {
		e.Sink.Error("drift: %v", err)
		code = commandExit(err)
	}
	if res != nil && res.Compared {
		if res.State.Dirty {
			e.Sink.Error("the live database is dirty at version %d: a migration failed part-way; the comparison assumed it fully applied", res.State.Version)
			code = max(code, ExitFailed)
		}
		for _, c := range res.Diff {
			e.Sink.Error("drift: %s %s %s%s", c.Object, c.Name, c.Change, detailSuffix(c.Detail))
		}
		if len(res.Diff) > 0 {
			code = max(code, ExitFailed)
		}
		if oerr := report.DriftOutputs(e.Sink, res); oerr != nil {
			e.Sink.Error("%v", oerr)
			code = max(code, ExitFailed)
		}
	}
	if serr := e.Sink.Summary(report.DriftSummary(res, cfg.MigrationsPath, err)); serr != nil {
		e.Sink.Warning("%v", serr)
	}
	return code
}

func detailSuffix(d string) string {
	if d == "" {
		return ""
	}
	return ": " + d
}

// commandExit maps a rehearse or drift error to the contract's exit code.
func commandExit(err error) int {
	var ie *rehearse.InputError
	var me *migrate.Error
	switch {
	case errors.As(err, &ie):
		return ExitConfig
	case errors.As(err, &me):
		if me.Kind == migrate.KindInput {
			return ExitConfig
		}
		return ExitFailed
	}
	return checkExit(err)
}

// historyExclude leaves schemagate's history table out of schema snapshots:
// the configured one, and the default name (a database migrated with the
// default before the input changed still holds it).
func historyExclude(cfg *config.Config) []string {
	out := []string{"schemagate_history"}
	if cfg.HistoryTable != "" && cfg.HistoryTable != out[0] {
		out = append(out, cfg.HistoryTable)
	}
	return out
}

package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/ghapi"
	"github.com/schemagate/schemagate/internal/report"
)

// runCheck runs the check command and reports its result.
func runCheck(ctx context.Context, e *Env) int {
	ev, err := event.Load(e.Getenv)
	if err != nil {
		return failed(e.Sink, "check", ExitConfig, err)
	}
	opts := check.Options{Cfg: e.Cfg, Event: ev, SQLFor: sqlLinter}
	var api *ghapi.Client
	if e.Cfg.GitHubToken != "" && ev.IsPullRequest() && e.Cfg.BaseRef == "" {
		api, err = ghapi.New(e.Getenv("GITHUB_API_URL"), e.Cfg.GitHubToken)
		if err != nil {
			return failed(e.Sink, "check", ExitConfig, fmt.Errorf("GITHUB_API_URL: %w", err))
		}
		opts.API = api
	}
	res, err := check.Run(ctx, opts)
	if err != nil {
		return failed(e.Sink, "check", checkExit(err), fmt.Errorf("check: %w", err))
	}

	report.CheckAnnotate(e.Sink, res)
	// Outputs and the SARIF file can fail to be written; the run then fails,
	// and the summary says so above the check's own report.
	var writeErrs []string
	for _, write := range []func(*report.Sink, *check.Result) error{report.CheckOutputs, report.UnitsOutput} {
		if err := write(e.Sink, res); err != nil {
			e.Sink.Error("%v", err)
			writeErrs = append(writeErrs, err.Error())
			break // the same output file fails the same way
		}
	}
	if e.Cfg.SARIFFile != "" {
		if err := report.WriteSARIF(e.Cfg.SARIFFile, res.Findings, Version, ruleSummary); err != nil {
			e.Sink.Error("%v", err)
			writeErrs = append(writeErrs, err.Error())
		}
	}
	var summary string
	if len(writeErrs) > 0 {
		summary = report.FailureSummary("check", ExitFailed, writeErrs)
	}
	if e.Sink.Actions {
		err = e.Sink.Summary(summary + report.CheckSummary(res))
	} else {
		err = e.Sink.Summary(report.CheckText(res))
	}
	if err != nil {
		e.Sink.Warning("%v", err)
	}
	if e.Cfg.Comment {
		postComment(ctx, e, ev, api, res)
	}

	if res.Failed || len(writeErrs) > 0 {
		return ExitFailed
	}
	return ExitOK
}

// postComment creates or updates the sticky comment. A failure to comment
// is a warning: the check's verdict stands on its own (fork pull requests
// get a read-only token).
func postComment(ctx context.Context, e *Env, ev *event.Event, api *ghapi.Client, res *check.Result) {
	if res.PR == 0 {
		e.Sink.Notice("comment: true has no effect here: there is no pull request to comment on")
		return
	}
	if pr := ev.PullRequest; pr != nil && pr.Fork && ev.Name == "pull_request" {
		e.Sink.Notice("comment: true skipped: pull request #%d comes from a fork, whose token is read-only; the report is in the job summary", res.PR)
		return
	}
	if api == nil {
		e.Sink.Warning("comment: true needs github-token to post the report on pull request #%d", res.PR)
		return
	}
	url, created, err := api.UpsertComment(ctx, ev.Owner, ev.Repo, res.PR, report.CommentMarker, report.CommentBody(res, runURL(e.Getenv)))
	if err != nil {
		e.Sink.Warning("could not post the report comment (the check result stands): %v", err)
		return
	}
	verb := "updated"
	if created {
		verb = "created"
	}
	e.Sink.Info("report comment %s: %s", verb, url)
}

// checkExit maps a check error to the contract's exit code: missing history,
// a workspace that is not a git work tree, and a token that is invalid or
// lacks a permission are configuration (2); rate limits, outages and the
// rest are failures (1).
func checkExit(err error) int {
	var api *ghapi.APIError
	switch {
	case errors.Is(err, changes.ErrShallow), errors.Is(err, changes.ErrNotRepository):
		return ExitConfig
	case errors.As(err, &api) && (api.Kind == ghapi.KindAuth || api.Kind == ghapi.KindPermission):
		return ExitConfig
	}
	return exitCode(err)
}

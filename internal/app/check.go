package app

import (
	"context"
	"errors"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/ghapi"
	"github.com/schemagate/schemagate/internal/report"
)

// runCheck runs the check command and reports its result.
func runCheck(ctx context.Context, e *Env) int {
	ev, err := event.Load(e.Getenv)
	if err != nil {
		e.Sink.Error("%v", err)
		return ExitConfig
	}
	opts := check.Options{Cfg: e.Cfg, Event: ev, SQLFor: sqlLinterFor}
	var api *ghapi.Client
	if e.Cfg.GitHubToken != "" && ev.IsPullRequest() && e.Cfg.BaseRef == "" {
		api, err = ghapi.New(e.Getenv("GITHUB_API_URL"), e.Cfg.GitHubToken)
		if err != nil {
			e.Sink.Error("GITHUB_API_URL: %v", err)
			return ExitConfig
		}
		opts.API = api
	}
	res, err := check.Run(ctx, opts)
	if err != nil {
		e.Sink.Error("check: %v", err)
		return checkExit(err)
	}

	for _, f := range res.Findings {
		e.Sink.Annotate(f)
	}
	if err := report.CheckOutputs(e.Sink, res); err != nil {
		e.Sink.Error("%v", err)
		return ExitFailed
	}
	if err := report.UnitsOutput(e.Sink, res); err != nil {
		e.Sink.Error("%v", err)
		return ExitFailed
	}
	if e.Sink.Actions {
		err = e.Sink.Summary(report.CheckSummary(res) + report.UnitsSummary(res))
	} else {
		err = e.Sink.Summary(report.CheckText(res) + report.UnitsSummary(res))
	}
	if err != nil {
		e.Sink.Warning("%v", err)
	}
	if e.Cfg.Comment {
		postComment(ctx, e, ev, api, res)
	}

	switch {
	case res.Class.Kind == classify.KindMixed && res.Overridden:
		e.Sink.Warning("%s%s Allowed by label %s.", report.MixedMessage(res), report.MixedUnits(res), res.Label)
	case res.Class.Kind == classify.KindMixed:
		e.Sink.Error("%s%s", report.MixedMessage(res), report.MixedUnits(res))
	}
	if res.Failed {
		if errs, _ := finding.Count(res.Findings); errs > 0 {
			e.Sink.Error("%d migration lint error(s): see the annotations and the job summary", errs)
		}
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
	url, created, err := api.UpsertComment(ctx, ev.Owner, ev.Repo, res.PR, report.CommentMarker, report.CommentBody(res))
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

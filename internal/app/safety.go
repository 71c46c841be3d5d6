package app

import (
	"github.com/schemagate/schemagate/internal/migrate"
	"strings"
)

// safety turns the history, window and lock inputs into the migrate
// package's settings; each history row names the run from the runner's
// GITHUB_* variables.
func safety(e *Env) migrate.Safety {
	cfg := e.Cfg
	return migrate.Safety{
		History: migrate.HistoryOptions{
			Table:       cfg.HistoryTable,
			Commit:      e.Getenv("GITHUB_SHA"),
			Actor:       e.Getenv("GITHUB_ACTOR"),
			RunURL:      runURL(e.Getenv),
			ToolVersion: Version,
		},
		Windows:              cfg.MigrationWindows,
		StatementLockTimeout: cfg.StatementLockTimeout,
		LockRetries:          cfg.LockRetries,
	}
}

// runURL is the link to this workflow run, empty outside GitHub.
func runURL(getenv func(string) string) string {
	server, repo, id := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || id == "" {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/actions/runs/" + id
}

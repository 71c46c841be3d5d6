package app

import (
	"context"
	"maps"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/report"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// sqlLinter is the SQL safety rules' entry point under the configured rule
// settings, applied by check to the change set's up migrations. Settings
// that cannot be used are bad input (exit 2). When the check job is told
// the migrate job's statement-lock-timeout, schemagate sets the lock
// timeout on every migration's session itself, so SG224 (DDL without a lock
// timeout) is met by the job: it is off, unless the config file sets it.
func sqlLinter(cfg *config.Config) (check.SQLLinter, error) {
	sev := maps.Clone(cfg.RuleSeverity)
	if cfg.StatementLockTimeout > 0 {
		if sev == nil {
			sev = map[string]string{}
		}
		if _, set := sev["SG224"]; !set {
			sev["SG224"] = "off"
		}
	}
	s := sqllint.Settings{Severity: sev, PostgresVersion: cfg.PostgresVersion, MySQLVersion: cfg.MySQLVersion}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return func(ctx context.Context, dialect string, base, changed []check.SQLFile) ([]finding.Finding, []string, error) {
		return s.LintChangeSetContext(ctx, dialect, sqlFiles(base), sqlFiles(changed))
	}, nil
}

func sqlFiles(in []check.SQLFile) []sqllint.File {
	out := make([]sqllint.File, len(in))
	for i, f := range in {
		out[i] = sqllint.File{Path: f.Path, Src: f.Src}
	}
	return out
}

// ruleSummary describes any rule id, for the SARIF file.
func ruleSummary(id string) string { return report.RuleSummary(id, sqllint.Summary) }

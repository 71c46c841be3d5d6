package app

import (
	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// sqlLinter is the SQL safety rules' entry point under the configured rule
// settings, applied by check to the change set's up migrations. Settings
// that cannot be used are bad input (exit 2).
func sqlLinter(cfg *config.Config) (check.SQLLinter, error) {
	s := sqllint.Settings{Severity: cfg.RuleSeverity, PostgresVersion: cfg.PostgresVersion, MySQLVersion: cfg.MySQLVersion}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return func(dialect string, base, changed []check.SQLFile) ([]finding.Finding, []string) {
		return s.LintChangeSet(dialect, sqlFiles(base), sqlFiles(changed))
	}, nil
}

func sqlFiles(in []check.SQLFile) []sqllint.File {
	out := make([]sqllint.File, len(in))
	for i, f := range in {
		out[i] = sqllint.File{Path: f.Path, Src: f.Src}
	}
	return out
}

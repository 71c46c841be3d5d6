package app

import (
	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/report"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// sqlLinter is the SQL safety rules' entry point, applied by check to every
// new or changed up migration.
var sqlLinter check.SQLLinter = sqllint.LintContext

// ruleSummary describes any rule id, for the SARIF file.
func ruleSummary(id string) string { return report.RuleSummary(id, sqllint.Summary) }

package app

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/config"
)

// TestSQLLinterSettings: the config's rule settings reach the SQL rules,
// and settings that cannot be used are an error naming them (exit 2).
func TestSQLLinterSettings(t *testing.T) {
	t.Parallel()
	if _, err := sqlLinter(&config.Config{RuleSeverity: map[string]string{"SG999": "off"}}); err == nil || !strings.Contains(err.Error(), "SG999") {
		t.Errorf("unknown rule id: err = %v", err)
	}
	if _, err := sqlLinter(&config.Config{MySQLVersion: "eight"}); err == nil || !strings.Contains(err.Error(), "mysql-version") {
		t.Errorf("bad mysql-version: err = %v", err)
	}
	lint, err := sqlLinter(&config.Config{RuleSeverity: map[string]string{"SG202": "warning", "SG224": "off"}, PostgresVersion: 10})
	if err != nil {
		t.Fatal(err)
	}
	base := []check.SQLFile{{Path: "m/1_users.up.sql", Src: []byte("CREATE TABLE users (id bigint, name text);")}}
	changed := []check.SQLFile{{Path: "m/2_users.up.sql", Src: []byte("ALTER TABLE users DROP COLUMN name, ADD COLUMN active boolean DEFAULT true;")}}
	got, notes, err := lint(context.Background(), "postgres", base, changed)
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, f := range got {
		rules = append(rules, f.Rule+":"+string(f.Severity))
	}
	if strings.Join(rules, " ") != "SG202:warning SG216:warning" || len(notes) != 0 {
		t.Errorf("got %v %v, want SG202 as a warning, SG216 for PostgreSQL 10, no SG224", rules, notes)
	}
}

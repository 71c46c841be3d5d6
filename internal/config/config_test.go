package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, ws string, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	env["GITHUB_WORKSPACE"] = ws
	getenv, err := Overlay(args, func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	return Load(getenv)
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	c, err := load(t, ws, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Command != "check" || c.MigrationsPath != "migrations" || c.Steps != 1 || c.LockTimeout != 5*time.Minute ||
		c.SQLDialect != "postgres" || c.AllowMixedLabel != "allow-mixed-deploy" || c.Comment || c.RequireDown {
		t.Errorf("defaults: %+v", c)
	}
	if !c.Rules.Schema.Match("migrations/1_a.up.sql") || c.Rules.Schema.Match("app/x.go") {
		t.Error("schema-paths should default to <migrations-path>/**")
	}
	if !c.Rules.Ignore.Match(".github/workflows/x.yml") || !c.Rules.Ignore.Match("a/b/README.md") {
		t.Error("ignore-paths defaults missing")
	}
	if c.GitHubToken != "" {
		t.Errorf("token = %q", c.GitHubToken)
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	env := map[string]string{
		"INPUT_MIGRATIONS-PATH": "db/migrations", // hyphen kept, as the runner sets it
		"INPUT_STEPS":           "3",
		"DATABASE_URL":          "sqlite:///x.db",
		"GITHUB_TOKEN":          "tok",
	}
	c, err := load(t, ws, []string{"plan", "--steps", "5", "--lock-timeout=30s"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Command != "plan" || c.Steps != 5 || c.LockTimeout != 30*time.Second || c.MigrationsPath != "db/migrations" {
		t.Errorf("got %+v", c)
	}
	if c.DatabaseURL != "sqlite:///x.db" {
		t.Errorf("DATABASE_URL fallback: %q", c.DatabaseURL)
	}
	if c.GitHubToken != "tok" {
		t.Errorf("GITHUB_TOKEN fallback outside the runner: %q", c.GitHubToken)
	}
	if !c.Rules.Schema.Match("db/migrations/1_a.up.sql") {
		t.Error("schema default follows migrations-path")
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(ws, "escape")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env   map[string]string
		input string
		want  string
	}{
		{map[string]string{"INPUT_COMMAND": "deploy"}, "command", "valid commands are check, plan, migrate, down, force, verify"},
		{map[string]string{"INPUT_MIGRATIONS-PATH": "../x"}, "migrations-path", "leaves the workspace"},
		{map[string]string{"INPUT_MIGRATIONS-PATH": "/etc"}, "migrations-path", "is absolute"},
		{map[string]string{"INPUT_MIGRATIONS-PATH": "escape"}, "migrations-path", "symlink that leads outside"},
		{map[string]string{"INPUT_SCHEMA-PATHS": "db/[x"}, "schema-paths", "bad glob"},
		{map[string]string{"INPUT_CODE-PATHS": "{a,b"}, "code-paths", "bad glob"},
		{map[string]string{"INPUT_IGNORE-PATHS": "docs/[**"}, "ignore-paths", "bad glob"},
		{map[string]string{"INPUT_COMMENT": "maybe"}, "comment", "use true or false"},
		{map[string]string{"INPUT_REQUIRE-DOWN": "2"}, "require-down", "use true or false"},
		{map[string]string{"INPUT_TARGET-VERSION": "-3"}, "target-version", "whole number"},
		{map[string]string{"INPUT_STEPS": "0"}, "steps", ">= 1"},
		{map[string]string{"INPUT_VERSION": "x"}, "version", "-1 for no version"},
		{map[string]string{"INPUT_COMMAND": "force"}, "version", "command force needs the version"},
		{map[string]string{"INPUT_LOCK-TIMEOUT": "5"}, "lock-timeout", "30s, 5m or 1h"},
		{map[string]string{"INPUT_SQL-DIALECT": "oracle"}, "sql-dialect", "postgres, mysql, sqlite, none"},
		{map[string]string{"INPUT_ALLOWED-REFS": "release/[x"}, "allowed-refs", "bad glob"},
	}
	for _, tt := range tests {
		_, err := load(t, ws, nil, tt.env)
		var in *InputError
		if !errors.As(err, &in) {
			t.Errorf("%v: err = %v, want an InputError", tt.env, err)
			continue
		}
		if !strings.Contains(err.Error(), "input "+tt.input+":") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %q, want input %s and %q", tt.env, err, tt.input, tt.want)
		}
	}
}

func TestAllErrorsReportedTogether(t *testing.T) {
	t.Parallel()
	_, err := load(t, t.TempDir(), nil, map[string]string{"INPUT_STEPS": "x", "INPUT_SQL-DIALECT": "db2"})
	if err == nil || !strings.Contains(err.Error(), "input steps") || !strings.Contains(err.Error(), "input sql-dialect") {
		t.Errorf("err = %v, want both inputs named", err)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"deploy"}, {"check", "--nope", "x"}, {"check", "--steps"}, {"check", "stray"}} {
		_, err := Overlay(args, func(string) string { return "" })
		var us *UsageError
		if !errors.As(err, &us) {
			t.Errorf("Overlay(%q) err = %v, want a UsageError", args, err)
		}
	}
}

func TestSymlinkInsideWorkspaceIsFine(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "db", "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(ws, "db", "migrations"), filepath.Join(ws, "migrations")); err != nil {
		t.Fatal(err)
	}
	if _, err := load(t, ws, nil, nil); err != nil {
		t.Fatal(err)
	}
}

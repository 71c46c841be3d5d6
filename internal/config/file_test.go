package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func known(id string) bool { return id == "SG224" || id == "SG206" || id == "SG101" }

const monorepo = `units:                         # deploy units
  - name: billing
    migrations-path: services/billing/migrations
    code-paths: ["services/billing/**", "libs/**"]
    sql-dialect: postgres
  - name: accounts
    migrations-path: services/accounts/migrations
    code-paths: ["services/accounts/**", "libs/**"]
    sql-dialect: mysql
rules:
  SG224: off
  SG206: warning
postgres-version: 14
mysql-version: "8.0"
`

func TestParseFileContractExample(t *testing.T) {
	t.Parallel()
	base, err := load(t, t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(".schemagate.yml", []byte(monorepo), base, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Units) != 2 || f.Units[0].Name != "billing" || f.Units[1].SQLDialect != "mysql" {
		t.Fatalf("units: %+v", f.Units)
	}
	b := f.Units[0]
	if b.MigrationsPath != "services/billing/migrations" || !strings.HasSuffix(b.MigrationsDir, filepath.FromSlash("services/billing/migrations")) {
		t.Errorf("billing dir: %q %q", b.MigrationsPath, b.MigrationsDir)
	}
	// schema-paths defaults to the unit's own <migrations-path>/**.
	if !b.Schema.Match("services/billing/migrations/1_a.up.sql") || b.Schema.Match("services/accounts/migrations/1_a.up.sql") {
		t.Error("billing schema globs wrong")
	}
	if !b.Code.Match("libs/x.go") || b.Code.Match("services/accounts/x.go") {
		t.Error("billing code globs wrong")
	}
	if f.RuleSeverity["SG224"] != "off" || f.RuleSeverity["SG206"] != "warning" {
		t.Errorf("rules: %v", f.RuleSeverity)
	}
	if f.PostgresVersion != 14 || f.MySQLVersion != "8.0" {
		t.Errorf("versions: %d %q", f.PostgresVersion, f.MySQLVersion)
	}
}

func TestParseFileInheritsInputs(t *testing.T) {
	t.Parallel()
	base, err := load(t, t.TempDir(), nil, map[string]string{"INPUT_SQL-DIALECT": "sqlite", "INPUT_CODE-PATHS": "app/**"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile("c.yml", []byte("units:\n  - name: only\n    migrations-path: db\n"), base, known)
	if err != nil {
		t.Fatal(err)
	}
	u := f.Units[0]
	if u.SQLDialect != "sqlite" || !u.Code.Match("app/main.go") || u.Code.Match("lib/x.go") || !u.Schema.Match("db/1_a.up.sql") {
		t.Errorf("unit should inherit the inputs: %+v", u)
	}
	// No units: key: the inputs describe the one unit, rules still apply.
	f, err = ParseFile("c.yml", []byte("rules:\n  sg224: error\n"), base, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Units) != 1 || f.Units[0].Name != "" || f.Units[0].MigrationsPath != "migrations" || f.RuleSeverity["SG224"] != "error" {
		t.Errorf("rules-only file: %+v", f)
	}
}

func TestParseFileBadInput(t *testing.T) {
	t.Parallel()
	base, err := load(t, t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"empty", "", "is empty"},
		{"not yaml", "units: [", "not valid YAML"},
		{"list root", "- a\n", "must be a mapping"},
		{"unknown top key", "unit:\n  - name: a\n", `line 1: unknown key "unit": valid keys are units, rules`},
		{"unknown unit key", "units:\n  - name: a\n    migration-path: db\n", `line 3: unknown key "migration-path" in a unit`},
		{"unit without name", "units:\n  - migrations-path: db\n", "needs a name"},
		{"duplicate names", "units:\n  - name: a\n    migrations-path: x\n  - name: a\n    migrations-path: y\n", `two units are named "a"`},
		{"shared dir", "units:\n  - name: a\n    migrations-path: x\n  - name: b\n    migrations-path: ./x\n", "share migrations-path x"},
		{"escaping dir", "units:\n  - name: a\n    migrations-path: ../x\n", "leaves the workspace"},
		{"bad dialect", "units:\n  - name: a\n    sql-dialect: oracle\n", `unit a: sql-dialect "oracle" is not a dialect`},
		{"empty code paths", "units:\n  - name: a\n    code-paths: []\n", "code-paths is empty"},
		{"bad glob", "units:\n  - name: a\n    code-paths: ['a/[']\n", "unit a: code-paths"},
		{"unknown rule", "rules:\n  SG999: off\n", `line 2: unknown rule "SG999"`},
		{"not a rule id", "rules:\n  drop-column: off\n", `unknown rule "drop-column"`},
		{"bad severity", "rules:\n  SG224: info\n", `rule SG224: "info" is not a setting`},
		{"boolean severity", "rules:\n  SG224: false\n", `rule SG224: "false" is not a setting`},
		{"bad pg version", "postgres-version: fourteen\n", "postgres-version \"fourteen\""},
		{"old pg version", "postgres-version: 8\n", "postgres-version \"8\""},
		{"bad mysql version", "mysql-version: latest\n", `mysql-version "latest"`},
		{"duplicate key", "rules: {}\nrules: {}\n", `key "rules" appears twice`},
		{"empty units", "units: []\n", "units must be a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFile(".schemagate.yml", []byte(tc.yaml), base, known)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Input != "config-file" {
				t.Fatalf("want an InputError on config-file, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ".schemagate.yml") {
				t.Errorf("message %q should contain %q and name the file", err, tc.want)
			}
		})
	}
}

func TestApplyFileSelectsUnit(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	if err := os.WriteFile(filepath.Join(ws, ".schemagate.yml"), []byte(monorepo), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit, wantPath, wantDialect, wantErr string
	}{
		{"accounts", "services/accounts/migrations", "mysql", ""},
		{"billing", "services/billing/migrations", "postgres", ""},
		{"", "", "", "the config file has 2 units (billing, accounts): name the one"},
		{"payments", "", "", `no unit is named "payments" in the config file: valid units are billing, accounts`},
	} {
		c, err := load(t, ws, []string{"plan", "--unit", tc.unit}, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = c.ApplyFile(known)
		if tc.wantErr != "" {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Input != "unit" || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("unit %q: want error %q, got %v", tc.unit, tc.wantErr, err)
			}
			continue
		}
		if err != nil || c.MigrationsPath != tc.wantPath || c.SQLDialect != tc.wantDialect || c.UnitName != tc.unit {
			t.Errorf("unit %q: err %v, path %q dialect %q", tc.unit, err, c.MigrationsPath, c.SQLDialect)
		}
		// The rule settings reach the SQL rules through the Config.
		if c.RuleSeverity["SG224"] != "off" || c.RuleSeverity["SG206"] != "warning" || c.PostgresVersion != 14 || c.MySQLVersion != "8.0" {
			t.Errorf("unit %q: rule settings %v %d %q", tc.unit, c.RuleSeverity, c.PostgresVersion, c.MySQLVersion)
		}
	}
}

func TestApplyFileMissingAndUnsafe(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	// The default file may be absent; a unit input then has nothing to pick.
	c, _ := load(t, ws, []string{"plan"}, nil)
	if err := c.ApplyFile(known); err != nil || c.File != nil {
		t.Errorf("absent default file: %v", err)
	}
	c, _ = load(t, ws, []string{"plan", "--unit", "billing"}, nil)
	if err := c.ApplyFile(known); err == nil || !strings.Contains(err.Error(), "input unit") {
		t.Errorf("unit without a file: %v", err)
	}
	// A file the user named must exist.
	c, _ = load(t, ws, []string{"plan", "--config-file", "ci/schemagate.yml"}, nil)
	if err := c.ApplyFile(known); err == nil || !strings.Contains(err.Error(), "ci/schemagate.yml does not exist") {
		t.Errorf("named missing file: %v", err)
	}
	if _, err := load(t, ws, []string{"plan", "--config-file", "../x.yml"}, nil); err == nil || !strings.Contains(err.Error(), "input config-file") {
		t.Errorf("config-file outside the workspace: %v", err)
	}
	// Never a symlink or a FIFO.
	if err := os.Symlink("/etc/passwd", filepath.Join(ws, "link.yml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(ws, "fifo.yml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link.yml", "fifo.yml"} {
		c, _ = load(t, ws, []string{"plan", "--config-file", name}, nil)
		if err := c.ApplyFile(known); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestGitLabRange(t *testing.T) {
	t.Parallel()
	const base, head, before = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222", "3333333333333333333333333333333333333333"
	for _, tc := range []struct {
		name             string
		env              map[string]string
		args             []string
		wantBase, wantHd string
		wantNote         string
	}{
		{"merge request", map[string]string{"GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head, "CI_MERGE_REQUEST_IID": "42", "CI_COMMIT_BEFORE_SHA": before},
			nil, base, head, "merge request !42"},
		{"push", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": before, "CI_COMMIT_SHA": head},
			nil, before, head, "GitLab push"},
		{"new branch: no range, base-ref stays required", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": zeroSHA, "CI_COMMIT_SHA": head},
			nil, "", "", ""},
		{"the user's base-ref wins", map[string]string{"GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head},
			[]string{"check", "--base-ref", "origin/main"}, "origin/main", "", ""},
		{"head-ref kept", map[string]string{"GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head},
			[]string{"check", "--head-ref", "HEAD~1"}, base, "HEAD~1", "merge request"},
		{"not GitLab", map[string]string{"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head},
			nil, "", "", ""},
		{"GitHub Actions is never read as GitLab", map[string]string{"GITHUB_ACTIONS": "true", "GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base},
			nil, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, t.TempDir(), tc.args, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseRef != tc.wantBase || c.HeadRef != tc.wantHd || !strings.Contains(c.RangeNote, tc.wantNote) || (tc.wantNote == "") != (c.RangeNote == "") {
				t.Errorf("base %q head %q note %q; want %q %q %q", c.BaseRef, c.HeadRef, c.RangeNote, tc.wantBase, tc.wantHd, tc.wantNote)
			}
		})
	}
}

package e2e

import (
	"strings"
	"testing"
)

// TestCheckUnits: a monorepo's .schemagate.yml, through the binary: the
// units output, the summary's row per unit, a mixed unit failing by name,
// and a bad config file at the base as exit 2.
func TestCheckUnits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git := func(args ...string) string { t.Helper(); return gitIn(t, dir, args...) }
	commit := func(files ...string) string { t.Helper(); return commitFiles(t, dir, files...) }
	const cfg = `units:
  - name: billing
    migrations-path: services/billing/migrations
    code-paths: ["services/billing/**", "libs/**"]
  - name: accounts
    migrations-path: services/accounts/migrations
    code-paths: ["services/accounts/**", "libs/**"]
    sql-dialect: mysql`
	git("init", "-q", "-b", "main")
	base := commit(".schemagate.yml="+cfg,
		"services/billing/migrations/000001_init.up.sql=CREATE TABLE invoices (id int);",
		"services/billing/migrations/000001_init.down.sql=DROP TABLE invoices;",
		"services/accounts/migrations/000001_init.up.sql=CREATE TABLE users (id int);",
		"services/accounts/migrations/000001_init.down.sql=DROP TABLE users;",
	)
	head := commit(
		"services/billing/migrations/000002_paid.up.sql=CREATE TABLE payments (id int);",
		"services/billing/migrations/000002_paid.down.sql=DROP TABLE payments;",
		"services/accounts/handler.go=package main",
	)
	payload := map[string]any{"before": base, "after": head, "repository": map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"}}
	res := RunAction(t, Action{Dir: dir, Event: "push", Payload: payload})
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if got := res.Outputs["units"]; got != `[{"name":"billing","change-kind":"schema"},{"name":"accounts","change-kind":"code"}]` {
		t.Errorf("units = %s", got)
	}
	if res.Outputs["change-kind"] != "schema" {
		t.Errorf("change-kind = %s", res.Outputs["change-kind"])
	}
	for _, row := range []string{"| `billing` | schema | 2 | 0 | 0 |", "| `accounts` | code | 0 | 1 | 0 |"} {
		if !strings.Contains(res.Summary, row) {
			t.Errorf("summary lacks %q:\n%s", row, res.Summary)
		}
	}

	// Schema and code in one unit fail, and the error names the unit.
	mixed := commit("services/billing/migrations/000003_x.up.sql=CREATE TABLE x (id int);",
		"services/billing/migrations/000003_x.down.sql=DROP TABLE x;", "services/billing/api.go=package main")
	cli := RunCLI(t, dir, nil, "check", "--base-ref", head, "--head-ref", mixed)
	if cli.Code != 1 || !strings.Contains(cli.Stderr+cli.Stdout, "Mixed deploy unit(s): billing.") {
		t.Errorf("mixed unit: exit %d\n%s%s", cli.Code, cli.Stdout, cli.Stderr)
	}

	// A bad key in the base's file is bad input, named.
	bad := commit(".schemagate.yml=" + cfg + "\nunit-tests: true")
	later := commit("services/accounts/other.go=package main")
	cli = RunCLI(t, dir, nil, "check", "--base-ref", bad, "--head-ref", later)
	if cli.Code != 2 || !strings.Contains(cli.Stderr, `input config-file: .schemagate.yml (at the base `+bad[:12]+`) line 9: unknown key "unit-tests"`) {
		t.Errorf("bad config: exit %d\n%s%s", cli.Code, cli.Stdout, cli.Stderr)
	}
}

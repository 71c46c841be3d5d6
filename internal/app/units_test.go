package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDatabaseCommandsTakeTheirUnit: plan with unit takes that unit's
// migrations path from the workspace's config file; several units and no
// unit, or a unit the file does not name, is bad input (exit 2).
func TestDatabaseCommandsTakeTheirUnit(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	files := map[string]string{
		".schemagate.yml":                           "units:\n  - name: billing\n    migrations-path: services/billing/migrations\n    sql-dialect: postgres\n  - name: accounts\n    migrations-path: services/accounts/migrations\n    sql-dialect: sqlite\n",
		"services/billing/migrations/1_b.up.sql":    "CREATE TABLE b (id int);\n",
		"services/billing/migrations/1_b.down.sql":  "DROP TABLE b;\n",
		"services/accounts/migrations/1_a.up.sql":   "CREATE TABLE a (id int);\n",
		"services/accounts/migrations/1_a.down.sql": "DROP TABLE a;\n",
		"services/accounts/migrations/2_c.up.sql":   "CREATE TABLE c (id int);\n",
		"services/accounts/migrations/2_c.down.sql": "DROP TABLE c;\n",
	}
	for name, body := range files {
		p := filepath.Join(ws, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"GITHUB_WORKSPACE": ws}
	db := "sqlite://" + filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := run(t, env, "plan", "--unit", "accounts", "--database-url", db)
	if code != ExitOK || !strings.Contains(out, "services/accounts/migrations/2_c.up.sql") || strings.Contains(out, "services/billing") {
		t.Errorf("plan --unit accounts: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = run(t, env, "plan", "--database-url", db)
	if code != ExitConfig || !strings.Contains(errOut, "input unit") || !strings.Contains(errOut, "billing, accounts") {
		t.Errorf("plan without unit: exit %d\n%s", code, errOut)
	}
	code, _, errOut = run(t, env, "plan", "--unit", "payments", "--database-url", db)
	if code != ExitConfig || !strings.Contains(errOut, `no unit is named "payments"`) {
		t.Errorf("plan --unit payments: exit %d\n%s", code, errOut)
	}
}

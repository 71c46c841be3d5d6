package config

import (
	"strings"
	"testing"
	"time"
)

func TestMigrateInputs(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	c, err := load(t, ws, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HistoryTable != "schemagate_history" || c.MigrationWindows != nil || c.StatementLockTimeout != 0 || c.LockRetries != 0 {
		t.Errorf("defaults: %q %v %v %d", c.HistoryTable, c.MigrationWindows, c.StatementLockTimeout, c.LockRetries)
	}
	c, err = load(t, ws, []string{"migrate", "--history-table", "NONE", "--statement-lock-timeout", "1500ms", "--lock-retries", "3",
		"--migration-windows", "Tue 14:00-16:00 Europe/London\nMon-Fri 22:00-02:00 UTC"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HistoryTable != "" || len(c.MigrationWindows) != 2 || c.StatementLockTimeout != 1500*time.Millisecond || c.LockRetries != 3 {
		t.Errorf("values: %q %v %v %d", c.HistoryTable, c.MigrationWindows, c.StatementLockTimeout, c.LockRetries)
	}
	c, err = load(t, ws, []string{"--history-table", "ops.Run_log"}, nil)
	if err != nil || c.HistoryTable != "ops.Run_log" {
		t.Errorf("schema-qualified: %v %+v", err, c)
	}
}

func TestMigrateInputErrors(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	for _, c := range []struct {
		flag, value, want string
	}{
		{"history-table", "a.b.c", "input history-table: \"a.b.c\" is not a table name"},
		{"history-table", "x; DROP TABLE y", "input history-table:"},
		{"history-table", `"quoted"`, "input history-table:"},
		{"history-table", "1abc", "input history-table:"},
		{"history-table", "schema_migrations", "golang-migrate's own version table"},
		{"migration-windows", "Tue 14:00-16:00 Europe/London\nWed 9:00-10:00 UTC", `input migration-windows: line 2 "Wed 9:00-10:00 UTC": "9:00" is not a time`},
		{"migration-windows", "Tue 14:00-16:00 Nowhere/Town", "unknown time zone"},
		{"statement-lock-timeout", "5", "input statement-lock-timeout: \"5\" is not a duration"},
		{"statement-lock-timeout", "-1s", "input statement-lock-timeout:"},
		{"statement-lock-timeout", "100us", "input statement-lock-timeout:"},
		{"lock-retries", "-1", "input lock-retries: \"-1\" is not a number of retries: give a whole number from 0 to 10"},
		{"lock-retries", "11", "input lock-retries:"},
		{"lock-retries", "two", "input lock-retries:"},
	} {
		_, err := load(t, ws, []string{"migrate", "--" + c.flag, c.value}, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--%s %q: %v, want %q", c.flag, c.value, err, c.want)
		}
	}
}

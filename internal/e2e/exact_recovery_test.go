package e2e

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// TestExactRecoveryE2E: the case the schema comparison closes. kill -9 of
// the client while PostgreSQL runs migration 2; the server finishes and
// commits it, and the dirty flag stays. The history row says only
// "started", so without a scratch database plan cannot tell version 1
// from 2 (and says that scratch-database-url would); with one, plan,
// verify and the refusal of migrate (each with its own empty scratch
// database, as a services: container gives) all say exactly force 2.
func TestExactRecoveryE2E(t *testing.T) {
	t.Parallel()
	live := dbtest.Postgres(t)
	// The sleep runs once per row of applied_log: the live database has a
	// row, the scratch replay none, so only the live run is slow.
	dir := workspace(t,
		"db/migrations/1_create_log.up.sql=CREATE TABLE applied_log (v INTEGER NOT NULL);\n",
		"db/migrations/1_create_log.down.sql=DROP TABLE applied_log;\n",
		"db/migrations/2_users.up.sql=CREATE TABLE users (id INTEGER PRIMARY KEY);\nSELECT pg_sleep(2) FROM applied_log;\nINSERT INTO applied_log (v) VALUES (2);\n",
		"db/migrations/2_users.down.sql=DROP TABLE users;\n",
	)
	env := map[string]string{"DATABASE_URL": live}
	if r := RunCLI(t, dir, env, "migrate", "--migrations-path", "db/migrations", "--target-version", "1"); r.Code != 0 {
		t.Fatalf("migrate to 1: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	db := dbtest.Open(t, live)
	if _, err := db.Exec("INSERT INTO applied_log (v) VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	cmd, out, _ := startCLI(t, dir, env, "migrate", "--migrations-path", "db/migrations", "--lock-timeout", "10s")
	readUntil(t, out, "running db/migrations/2_users.up.sql")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'CREATE TABLE users%'").Scan(&n); err == nil && n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("migration 2 never showed up on the server")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for deadline := time.Now().Add(6 * time.Second); dbtest.AppliedLog(t, live)[2] == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("PostgreSQL was expected to commit migration 2 after its client died")
		}
	}

	// The dead client's backend ends after its commit, releasing the
	// migration lock (while it holds it, plan does not compare).
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").Scan(&n); err == nil && n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the killed client's backend still holds the migration lock")
		}
	}
	without := mgRun(t, dir, live, map[string]string{"command": "plan"})
	wantRun(t, "plan without a scratch database", without, 0, map[string]string{"dirty": "true", "current-version": "2"},
		"Not known yet: the schema matches version 1 or 2.", "Setting `scratch-database-url` to an empty database on the same engine makes schemagate do this comparison itself")

	var sections []string
	for _, c := range []struct {
		cmd  string
		exit int
	}{{"plan", 0}, {"verify", 1}, {"migrate", 1}} {
		r := mgRun(t, dir, live, map[string]string{"command": c.cmd, "scratch-database-url": dbtest.Postgres(t)})
		wantRun(t, c.cmd, r, c.exit, map[string]string{"dirty": "true", "current-version": "2"},
			"**Force version 2.**", "The schema equals the schema the migrations produce at version 2 (compared with versions 1, 2", "`version: 2`")
		wantNotIn(t, c.cmd, r.Summary, "Not known yet", "could not be compared")
		i := strings.Index(r.Summary, "### Recovery")
		if i < 0 {
			t.Fatalf("%s: no recovery section:\n%s", c.cmd, r.Summary)
		}
		sections = append(sections, r.Summary[i:])
	}
	for i := range sections {
		if sections[i] != sections[0] {
			t.Errorf("recovery differs between plan and command %d:\n%s\n---\n%s", i, sections[0], sections[i])
		}
	}
	if v := dbtest.AppliedLog(t, live); v[2] != 1 {
		t.Errorf("applied_log = %v", v)
	}
}

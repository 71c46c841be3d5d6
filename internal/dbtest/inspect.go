package dbtest

import (
	"sort"
	"strings"
	"testing"
)

// Tables lists the tables of the database behind a golang-migrate URL,
// sorted (schema-qualified on PostgreSQL, outside its system schemas), so a
// test can prove a command created none, or which one it created.
func Tables(t testing.TB, migrateURL string) []string {
	t.Helper()
	var q string
	switch {
	case strings.HasPrefix(migrateURL, "mysql://"):
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
	case strings.HasPrefix(migrateURL, "sqlite://"):
		q = "SELECT name FROM sqlite_master WHERE type = 'table'"
	default:
		q = "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
	}
	rows, err := Open(t, migrateURL).Query(q)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("list tables: %v", err)
	}
	sort.Strings(out)
	return out
}

// HasTable reports whether table can be read in the database behind a
// golang-migrate URL (whether a migration's up or down file ran).
func HasTable(t testing.TB, migrateURL, table string) bool {
	t.Helper()
	_, err := Open(t, migrateURL).Exec("SELECT 1 FROM " + table + " WHERE 1 = 0")
	return err == nil
}

// AppliedLog reads table applied_log (v INTEGER), into which the test
// migrations of the migrate and e2e packages each insert their version:
// how often each version ran.
func AppliedLog(t testing.TB, migrateURL string) map[int]int {
	t.Helper()
	rows, err := Open(t, migrateURL).Query("SELECT v FROM applied_log")
	if err != nil {
		t.Fatalf("read applied_log: %v", err)
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out[v]++
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read applied_log: %v", err)
	}
	return out
}

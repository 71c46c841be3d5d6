package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRehearseInputs: seed-file stays inside the workspace, rehearse-rows
// is a bounded whole number, and the defaults are the contract's.
func TestRehearseInputs(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "seed.sql"), filepath.Join(ws, "escape.sql")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "seed.sql"), []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := load(t, ws, []string{"rehearse"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.RehearseRows != 1000 || c.SeedFile != "" || c.ScratchDatabaseURL != "" {
		t.Errorf("defaults: rows %d seed %q scratch %q", c.RehearseRows, c.SeedFile, c.ScratchDatabaseURL)
	}
	c, err = load(t, ws, []string{"rehearse", "--seed-file", "db/./seed.sql", "--rehearse-rows", "0"}, nil)
	if err != nil || c.SeedFile != "db/seed.sql" || c.SeedPath != filepath.Join(ws, "db", "seed.sql") || c.RehearseRows != 0 {
		t.Fatalf("%+v %v", c, err)
	}
	for _, tt := range []struct{ flag, value, want string }{
		{"--rehearse-rows", "many", "input rehearse-rows:"},
		{"--rehearse-rows", "-1", "input rehearse-rows:"},
		{"--rehearse-rows", "1000001", "from 0 to 1000000"},
		{"--seed-file", "../seed.sql", "input seed-file: \"../seed.sql\" is not inside the workspace"},
		{"--seed-file", "/etc/passwd", "input seed-file:"},
		{"--seed-file", "escape.sql", "symlink that leads outside the workspace"},
	} {
		_, err := load(t, ws, []string{"rehearse", tt.flag, tt.value}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: %v, want %q", tt.flag, tt.value, err, tt.want)
		}
	}
}

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// unsafeMigrations adds to the workspace dir's migrations directory every
// kind of file a fork's pull request can smuggle in: a link out of the
// workspace, a link to a device, a FIFO and a sparse 200 MB file. It returns
// the FIFO's path.
func unsafeMigrations(t *testing.T, dir string) string {
	t.Helper()
	m := filepath.Join(dir, "migrations")
	for name, target := range map[string]string{"000002_passwd.up.sql": "/etc/passwd", "000003_zero.up.sql": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(m, name)); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(m, "000004_fifo.up.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(m, "000005_huge.up.sql"), 200<<20); err != nil {
		t.Fatal(err)
	}
	return fifo
}

// within runs f and fails the test when it takes longer than d; the FIFO is
// then opened for writing, so that a run blocked reading it ends.
func within(t *testing.T, d time.Duration, fifo string, f func() Result) Result {
	t.Helper()
	done := make(chan Result, 1)
	go func() { done <- f() }()
	select {
	case r := <-done:
		return r
	case <-time.After(d):
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		r := <-done
		t.Fatalf("the run did not end within %v (blocked on the FIFO?): exit %d\n%s%s", d, r.Code, r.Stdout, r.Stderr)
		return r
	}
}

// TestCheckUnsafeFilesE2E: a pull request's migrations that are links,
// FIFOs, devices or huge are SG108 errors: the run ends promptly with exit
// 1, and nothing they point to is read or printed.
func TestCheckUnsafeFilesE2E(t *testing.T) {
	t.Parallel()
	files := []map[string]any{}
	for _, n := range []string{"000002_passwd", "000003_zero", "000004_fifo", "000005_huge"} {
		files = append(files, map[string]any{"filename": "migrations/" + n + ".up.sql", "status": "added"},
			map[string]any{"filename": "migrations/" + n + ".down.sql", "status": "added"})
	}
	_, srv := newFakeGitHub(t, files, nil)
	dir := workspace(t, "migrations/000001_init.up.sql", "migrations/000001_init.down.sql",
		"migrations/000002_passwd.down.sql", "migrations/000003_zero.down.sql", "migrations/000004_fifo.down.sql",
		"migrations/000005_huge.down.sql", "migrations/000005_huge.up.sql")
	fifo := unsafeMigrations(t, dir)
	res := within(t, 30*time.Second, fifo, func() Result {
		return RunAction(t, Action{Dir: dir, Event: "pull_request", Payload: prPayload(), Token: "ghs_x",
			Env: map[string]string{"GITHUB_API_URL": srv.URL}})
	})
	if res.Code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	var fs []map[string]any
	if err := json.Unmarshal([]byte(res.Outputs["findings"]), &fs); err != nil {
		t.Fatal(err)
	}
	sg108 := map[string]string{}
	for _, f := range fs {
		if f["rule"] == "SG108" {
			sg108[f["file"].(string)] = f["message"].(string)
		}
	}
	for file, want := range map[string]string{
		"migrations/000002_passwd.up.sql": "is a symbolic link, not a regular file",
		"migrations/000003_zero.up.sql":   "is a symbolic link, not a regular file",
		"migrations/000004_fifo.up.sql":   "is a FIFO, not a regular file",
		"migrations/000005_huge.up.sql":   "is 200 MiB, larger than the 16 MiB bound",
	} {
		if !strings.Contains(sg108[file], want) {
			t.Errorf("SG108 on %s = %q, want %q", file, sg108[file], want)
		}
	}
	if strings.Contains(res.Stdout+res.Stderr+res.Summary, "root:") {
		t.Errorf("the link to /etc/passwd was read:\n%s", res.Stdout)
	}
}

// TestCheckCommittedSymlinkE2E: a link committed to git (a blob of mode
// 120000) is an SG108 error when the migrations are read from git, and its
// target is never read.
func TestCheckCommittedSymlinkE2E(t *testing.T) {
	t.Parallel()
	dir := workspace(t, "migrations/000001_init.up.sql", "migrations/000001_init.down.sql")
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "init")
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "migrations/000002_passwd.up.sql")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "migrations/000002_passwd.down.sql"), []byte("SELECT 1;\n"), 0o644)
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "link")
	r := within(t, 30*time.Second, "", func() Result { return RunCLI(t, dir, nil, "check", "--base-ref", "HEAD~1") })
	if r.Code != 1 || !strings.Contains(r.Stdout, "migrations/000002_passwd.up.sql:1: error SG108") || strings.Contains(r.Stdout+r.Stderr, "root:") {
		t.Fatalf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}

// TestCheckSignalE2E: SIGTERM stops a check that is linting large files
// promptly, with exit 1 and a message saying it was cancelled.
func TestCheckSignalE2E(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for b.Len() < 12<<20 {
		b.WriteString("INSERT INTO events (id, kind) VALUES (1, 'signup');\n")
	}
	dir := workspace(t, "migrations/000001_init.up.sql", "migrations/000001_init.down.sql")
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "init")
	for _, n := range []string{"000002_a", "000003_b", "000004_c"} {
		os.WriteFile(filepath.Join(dir, "migrations", n+".up.sql"), []byte(b.String()), 0o644)
		os.WriteFile(filepath.Join(dir, "migrations", n+".down.sql"), []byte("SELECT 1;\n"), 0o644)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "data")
	cmd, out, stderr := startCLI(t, dir, nil, "check", "--base-ref", "HEAD~1")
	time.Sleep(time.Second)
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		buf := make([]byte, 1<<16)
		for {
			if _, err := out.Read(buf); err != nil {
				break
			}
		}
		done <- exitCode(cmd.Wait())
	}()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(stderr.String(), "cancel") {
			t.Fatalf("exit %d after SIGTERM, stderr:\n%s", code, stderr)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to stop after SIGTERM", d)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after SIGTERM")
	}
}

// TestMigrateUnsafeFilesE2E: migrate refuses a directory holding a FIFO or
// a link out of the workspace: exit 2 naming the file and the fix, before
// connecting, and without printing what the link points to.
func TestMigrateUnsafeFilesE2E(t *testing.T) {
	t.Parallel()
	u := dbtest.SQLite(t)
	dir := workspace(t, "migrations/000001_init.up.sql=CREATE TABLE a (id int);\n", "migrations/000005_huge.up.sql")
	fifo := unsafeMigrations(t, dir)
	r := within(t, 30*time.Second, fifo, func() Result {
		return RunCLI(t, dir, map[string]string{"DATABASE_URL": u}, "migrate")
	})
	for _, want := range []string{"migrations/000002_passwd.up.sql is a symbolic link", "migrations/000004_fifo.up.sql is a FIFO", "migrations/000005_huge.up.sql is 200 MiB", "Commit the migration's SQL as a regular file"} {
		if !strings.Contains(r.Stdout+r.Stderr, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if r.Code != 2 || strings.Contains(r.Stdout+r.Stderr, "root:") {
		t.Fatalf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if dbtest.HasTable(t, u, "a") {
		t.Error("migration 1 ran although the directory was refused")
	}
}

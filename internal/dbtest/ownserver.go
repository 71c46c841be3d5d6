package dbtest

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is a database server of the test's own, in a temporary directory
// on a free port, for tests that kill a server: the shared servers are never
// stopped. It is stopped and removed when the test ends.
type Server struct {
	// URL is the golang-migrate URL of its database "test".
	URL   string
	start func() error
	kill  func() error
}

// Start starts the server again after Kill.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	if err := s.start(); err != nil {
		t.Fatalf("restart the test's own server: %v", err)
	}
}

// Kill stops the server at once, without a clean shutdown, as a crash does.
func (s *Server) Kill(t testing.TB) {
	t.Helper()
	if err := s.kill(); err != nil {
		t.Fatalf("kill the test's own server: %v", err)
	}
}

// missing skips (or, with SCHEMAGATE_REQUIRE_DB=1, fails) a test whose
// server binaries are not installed.
func missing(t testing.TB, what string, err error) {
	t.Helper()
	unavailable(t, what+" binaries (for a server of the test's own)", err)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// ownDir is a temporary directory the server's user may own (t.TempDir's
// parent is private to root).
func ownDir(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// OwnPostgres starts a PostgreSQL server with initdb and pg_ctl from
// /usr/lib/postgresql/*/bin (as user postgres when the test runs as root).
func OwnPostgres(t testing.TB) *Server {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		missing(t, "PostgreSQL", fmt.Errorf("no /usr/lib/postgresql/*/bin/pg_ctl"))
	}
	bin := filepath.Dir(bins[len(bins)-1])
	dir := ownDir(t, "sg-pg-")
	data := filepath.Join(dir, "data")
	asUser := func(name string, args ...string) *exec.Cmd {
		if os.Geteuid() == 0 {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
		return exec.Command(filepath.Join(bin, name), args...)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			missing(t, "PostgreSQL", fmt.Errorf("chown to user postgres: %v: %s", err, out))
		}
	}
	if out, err := asUser("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-N", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, dir)
	start := func() error {
		out, err := asUser("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "30", "start").CombinedOutput()
		if err != nil {
			return fmt.Errorf("pg_ctl start: %v\n%s", err, out)
		}
		return nil
	}
	kill := func() error {
		out, err := asUser("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput()
		if err != nil {
			return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
		}
		return nil
	}
	if err := start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kill() })
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE test"); err != nil {
		t.Fatalf("create database on the test's own PostgreSQL: %v", err)
	}
	return &Server{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/test?sslmode=disable", port), start: start, kill: kill}
}

// OwnMariaDB starts a MariaDB server with mariadb-install-db and mariadbd
// (grant tables skipped: the test's own throwaway server).
func OwnMariaDB(t testing.TB) *Server {
	t.Helper()
	server, err := exec.LookPath("mariadbd")
	if err != nil {
		if server, err = exec.LookPath("/usr/sbin/mariadbd"); err != nil {
			missing(t, "MariaDB", err)
		}
	}
	install, err := exec.LookPath("mariadb-install-db")
	if err != nil {
		missing(t, "MariaDB", err)
	}
	dir := ownDir(t, "sg-maria-")
	data := filepath.Join(dir, "data")
	user := []string{}
	if os.Geteuid() == 0 {
		user = []string{"--user=root"}
	}
	args := append([]string{"--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"}, user...)
	if out, err := exec.Command(install, args...).CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	port := freePort(t)
	var cmd *exec.Cmd
	start := func() error {
		args := append([]string{"--no-defaults", "--datadir=" + data, "--port=" + strconv.Itoa(port), "--bind-address=127.0.0.1",
			"--socket=" + filepath.Join(dir, "sock"), "--skip-grant-tables", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=2",
			"--log-error=" + filepath.Join(dir, "log")}, user...)
		cmd = exec.Command(server, args...)
		if err := cmd.Start(); err != nil {
			return err
		}
		dsn := fmt.Sprintf("root@tcp(127.0.0.1:%d)/", port)
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			db, err := sql.Open("mysql", dsn)
			if err == nil {
				err = db.Ping()
				db.Close()
			}
			if err == nil {
				return nil
			}
		}
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return fmt.Errorf("mariadbd did not accept connections within 30 s:\n%s", log)
	}
	kill := func() error {
		if cmd == nil || cmd.Process == nil {
			return nil
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		cmd = nil
		return nil
	}
	if err := start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kill() })
	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/", port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE test"); err != nil {
		t.Fatalf("create database on the test's own MariaDB: %v", err)
	}
	return &Server{URL: fmt.Sprintf("mysql://root@tcp(127.0.0.1:%d)/test", port), start: start, kill: kill}
}

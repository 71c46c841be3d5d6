//go:build linux

package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkCheckPush runs the built binary's check on a push range of 10,000
// and 100,000 changed code files and, in the same run on the same
// repository, git diff --name-status -M over the same range: the floor. It
// reports the ratio (x-git-floor) and the binary's peak resident memory
// (MiB-maxrss). Targets at 100,000 files: at most 4x the floor and 100 MiB.
// The migration case adds a new migration to the 100,000 files, so the SQL
// rules (sql-dialect postgres) parse it: a fixed cost, whatever the size.
//
//	go test ./internal/e2e -run '^$' -bench CheckPush -benchtime 3x
//
// Building the repository (git fast-import) is kept out of the timed part.
func BenchmarkCheckPush(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git CLI not installed: needed to build the repository and measure the floor")
	}
	for _, tc := range []struct {
		n         int
		migration bool
	}{{10_000, false}, {100_000, false}, {100_000, true}} {
		name := fmt.Sprintf("files=%d", tc.n)
		kind, code := "code", 0
		if tc.migration {
			name, kind, code = name+"+migration", "mixed", 1
		}
		b.Run(name, func(b *testing.B) {
			n := tc.n
			if n > 10_000 && testing.Short() {
				b.Skip("-short: the 100,000-file repository takes a few seconds to build")
			}
			dir, before, after := bigRepo(b, n, tc.migration)
			changed := n
			if tc.migration {
				changed += 2
			}
			payload := map[string]any{"before": before, "after": after, "repository": map[string]any{"name": "shop", "owner": map[string]any{"login": "acme"}, "default_branch": "main"}}
			var gitTime, sgTime time.Duration
			var maxRSS int64
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				cmd := exec.Command("git", "diff", "--name-status", "-M", before, after)
				cmd.Dir = dir
				start := time.Now()
				out, err := cmd.Output()
				gitTime += time.Since(start)
				if err != nil || strings.Count(string(out), "\n") != changed {
					b.Fatalf("git diff: %v, %d lines", err, strings.Count(string(out), "\n"))
				}
				b.StartTimer()
				res := RunAction(b, Action{Dir: dir, Event: "push", Payload: payload})
				b.StopTimer()
				sgTime += res.Elapsed
				if res.Code != code || res.Outputs["change-kind"] != kind {
					b.Fatalf("exit %d change-kind %q\n%s", res.Code, res.Outputs["change-kind"], res.Stderr)
				}
				if ru, ok := res.State.SysUsage().(*syscall.Rusage); ok {
					maxRSS = max(maxRSS, ru.Maxrss*1024) // Linux reports KiB
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(sgTime)/float64(gitTime), "x-git-floor")
			b.ReportMetric(float64(gitTime.Milliseconds())/float64(b.N), "git-ms/op")
			b.ReportMetric(float64(sgTime.Milliseconds())/float64(b.N), "check-ms/op")
			b.ReportMetric(float64(maxRSS)/(1<<20), "MiB-maxrss")
		})
	}
}

// bigRepo builds, with one git fast-import run, a repository whose base
// commit holds n code files (100 to a directory) and two migrations, and
// whose head commit modifies every code file (and adds a third migration
// with migration). No work tree is checked out (check reads git only).
func bigRepo(b *testing.B, n int, migration bool) (dir, before, after string) {
	b.Helper()
	dir = b.TempDir()
	gitDir := func(stdin *os.File, args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Stdin = stdin
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	gitDir(nil, "init", "-q", "-b", "main")
	stream, err := os.CreateTemp(b.TempDir(), "fast-import")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(stream)
	file := func(path, body string) {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(body)+1, body)
	}
	for c, version := range []string{"base", "head"} {
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\ncommitter t <t@example.com> %d +0000\ndata %d\n%s\n", c+1, 1700000000+c, len(version), version)
		if c == 1 {
			fmt.Fprintf(w, "from :1\n")
		}
		if c == 1 && migration {
			file("migrations/000003_orders.up.sql", "CREATE TABLE orders (id int);")
			file("migrations/000003_orders.down.sql", "DROP TABLE orders;")
		} else if c == 0 {
			file("migrations/000001_init.up.sql", "CREATE TABLE a (id int);")
			file("migrations/000001_init.down.sql", "DROP TABLE a;")
			file("migrations/000002_users.up.sql", "CREATE TABLE users (id int);")
			file("migrations/000002_users.down.sql", "DROP TABLE users;")
		}
		for i := range n {
			file(fmt.Sprintf("services/svc%03d/handler%05d.go", i/100, i), fmt.Sprintf("package svc%03d\n\n// %s revision of file %d\nvar X%d = %d", i/100, version, i, i, c))
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if _, err := stream.Seek(0, 0); err != nil {
		b.Fatal(err)
	}
	gitDir(stream, "fast-import", "--quiet")
	stream.Close()
	return dir, gitDir(nil, "rev-parse", "main~1"), gitDir(nil, "rev-parse", "main")
}

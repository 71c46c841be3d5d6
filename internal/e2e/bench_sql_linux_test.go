//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkCheckSQLRules is the cost of the default dialect on a whole
// check: the built binary checks a change set adding n PostgreSQL
// migrations (realistic statements: tables, indexes, columns, a backfill)
// with sql-dialect postgres, and, in the same run on the same repository,
// with sql-dialect none, the floor without the SQL rules. It reports the
// time per check (check-ms/op), the ratio to the floor (x-no-sql) and the
// peak resident memory (MiB-maxrss). Targets: 1 to 10 files at most 250 ms
// and 80 MiB, 500 files at most 1 s. The "do-block" case adds a DO block
// guard, which the native PL/pgSQL reader reads; a body it declines (a
// loop, dynamic SQL) still goes to libpg_query, whose WebAssembly start-up
// costs about a second.
//
//	go test ./internal/e2e -run '^$' -bench CheckSQLRules -benchtime 3x
func BenchmarkCheckSQLRules(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git CLI not installed")
	}
	for _, tc := range []struct {
		n       int
		plpgsql bool
	}{{1, false}, {10, false}, {500, false}, {1, true}} {
		name := fmt.Sprintf("files=%d", tc.n)
		if tc.plpgsql {
			name += "+do-block"
		}
		b.Run(name, func(b *testing.B) {
			dir, base := sqlRepo(b, tc.n, tc.plpgsql)
			run := func(dialect string) (time.Duration, int64) {
				cmd := cliCmd(b, dir, nil, "check", "--base-ref", base, "--sql-dialect", dialect)
				start := time.Now()
				res := runCmd(b, cmd)
				took := time.Since(start)
				if res.Code != 0 {
					b.Fatalf("check --sql-dialect %s: exit %d\n%s%s", dialect, res.Code, res.Stdout, res.Stderr)
				}
				var rss int64
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					rss = ru.Maxrss * 1024 // Linux reports KiB
				}
				return took, rss
			}
			var sqlTime, floor time.Duration
			var maxRSS int64
			for b.Loop() {
				b.StopTimer()
				t0, _ := run("none")
				floor += t0
				b.StartTimer()
				t, rss := run("postgres")
				sqlTime += t
				maxRSS = max(maxRSS, rss)
			}
			b.ReportMetric(float64(sqlTime.Milliseconds())/float64(b.N), "check-ms/op")
			b.ReportMetric(float64(sqlTime)/float64(floor), "x-no-sql")
			b.ReportMetric(float64(maxRSS)/(1<<20), "MiB-maxrss")
		})
	}
}

// sqlRepo makes a repository whose base holds 20 migrations and whose head
// adds n more (and a DO block with plpgsql), in a work tree as check reads
// it; it returns the directory and the base commit.
func sqlRepo(b *testing.B, n int, plpgsql bool) (string, string) {
	b.Helper()
	dir := b.TempDir()
	git := func(args ...string) string { return gitIn(b, dir, args...) }
	write := func(v int, body string) {
		for dir2, text := range map[string]string{"up": body, "down": fmt.Sprintf("DROP TABLE IF EXISTS t%d;\n", v)} {
			p := filepath.Join(dir, "migrations", fmt.Sprintf("%06d_step.%s.sql", v, dir2))
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "migrations"), 0o755); err != nil {
		b.Fatal(err)
	}
	git("init", "-q", "-b", "main")
	table := func(v int) string {
		return fmt.Sprintf("CREATE TABLE t%d (\n  id bigserial PRIMARY KEY,\n  account_id bigint NOT NULL,\n  email varchar(256),\n  created_at timestamptz NOT NULL DEFAULT now()\n);\nCREATE INDEX CONCURRENTLY t%d_account ON t%d (account_id);\n", v, v, v)
	}
	for v := 1; v <= 20; v++ {
		write(v, table(v))
	}
	git("add", "-A")
	git("commit", "-qm", "base")
	base := git("rev-parse", "HEAD")
	for i := range n {
		v := 21 + i
		write(v, fmt.Sprintf("-- schemagate:ignore SG224 the job sets statement-lock-timeout\nALTER TABLE t%d ADD COLUMN note%d text;\n", 1+i%20, v))
	}
	if plpgsql {
		write(21+n, "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'audit') THEN\n    CREATE TABLE audit (id bigint);\n  END IF;\nEND\n$$;\n")
	}
	git("add", "-A")
	git("commit", "-qm", "head")
	return dir, base
}

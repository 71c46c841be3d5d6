package sqllint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchFiles returns n migration files cycled from the history corpus.
func benchFiles(b *testing.B, dialect string, n int) [][]byte {
	b.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata/history", dialect, "*.up.sql"))
	if len(paths) == 0 {
		b.Fatal("no history corpus")
	}
	files := make([][]byte, n)
	for i := range files {
		src, err := os.ReadFile(paths[i%len(paths)])
		if err != nil {
			b.Fatal(err)
		}
		files[i] = src
	}
	return files
}

// BenchmarkLint1000 lints 1,000 migration files per iteration; ns/file is
// reported as a custom metric.
func BenchmarkLint1000(b *testing.B) {
	for _, dialect := range []string{dialectPostgres, dialectMySQL, dialectSQLite} {
		corpus := dialect
		if dialect == dialectSQLite {
			corpus = dialectMySQL // portable enough for the token parser
		}
		files := benchFiles(b, corpus, 1000)
		Lint(dialect, "warmup.sql", files[0]) // compile the WebAssembly parser once
		b.Run(dialect, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, src := range files {
					_ = Lint(dialect, fmt.Sprint(i), src)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
		})
	}
}

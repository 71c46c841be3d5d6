package migrate

import (
	"fmt"
	"os"
	"testing"
	"time"

	gm "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// thousand writes 1,000 small migrations.
func thousand(b *testing.B) Options {
	b.Helper()
	files := map[string]string{"1_t.up.sql": "CREATE TABLE bench (v INTEGER);", "1_t.down.sql": "DROP TABLE bench;"}
	for i := 2; i <= 1000; i++ {
		files[fmt.Sprintf("%d_m.up.sql", i)] = fmt.Sprintf("INSERT INTO bench (v) VALUES (%d);", i)
		files[fmt.Sprintf("%d_m.down.sql", i)] = fmt.Sprintf("DELETE FROM bench WHERE v = %d;", i)
	}
	return writeDir(b, "", files)
}

// BenchmarkApply1000Postgres applies 1,000 small migrations to a fresh
// PostgreSQL database with schemagate's Migrate and with golang-migrate's
// own Up() on the same directory. Compare the ns/migration of the two.
func BenchmarkApply1000Postgres(b *testing.B) {
	o := thousand(b)
	b.Run("schemagate", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			o.URL = dbtest.Postgres(b)
			b.StartTimer()
			start := time.Now()
			r, err := Migrate(bg, o, 0, false)
			total += time.Since(start)
			if err != nil || len(r.Applied) != 1000 {
				b.Fatalf("%v (%d applied)", err, len(r.Applied))
			}
		}
		b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*1000), "ns/migration")
	})
	b.Run("golang-migrate-Up", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			u := dbtest.Postgres(b)
			b.StartTimer()
			start := time.Now()
			src, err := iofs.New(os.DirFS(o.Dir), ".")
			if err != nil {
				b.Fatal(err)
			}
			m, err := gm.NewWithSourceInstance("iofs", src, u)
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Up(); err != nil {
				b.Fatal(err)
			}
			m.Close()
			total += time.Since(start)
		}
		b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*1000), "ns/migration")
	})
}

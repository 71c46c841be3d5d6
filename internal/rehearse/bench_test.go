package rehearse

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// benchMigrations is a base of 10 tables (each referencing the one
// before) and a change set of 20 migrations on them, each with a down.
func benchMigrations() (base, head fstest.MapFS, added []string) {
	base, head = fstest.MapFS{}, fstest.MapFS{}
	var up, down string
	for i := range 10 {
		fk := ""
		if i > 0 {
			fk = fmt.Sprintf(", parent_id integer NOT NULL REFERENCES t%d (id)", i-1)
		}
		up += fmt.Sprintf("CREATE TABLE t%d (id serial PRIMARY KEY, name text NOT NULL, email varchar(100) UNIQUE, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now(), note text%s);\n", i, fk)
		down = fmt.Sprintf("DROP TABLE t%d;\n", i) + down
	}
	base["1_tables.up.sql"] = &fstest.MapFile{Data: []byte(up)}
	base["1_tables.down.sql"] = &fstest.MapFile{Data: []byte(down)}
	for k, v := range base {
		head[k] = v
	}
	for i := range 20 {
		t := i % 10
		var u, d string
		if i < 10 {
			u = fmt.Sprintf("ALTER TABLE t%d ADD COLUMN status text NOT NULL DEFAULT 'new';", t)
			d = fmt.Sprintf("ALTER TABLE t%d DROP COLUMN status;", t)
		} else {
			u = fmt.Sprintf("CREATE INDEX t%d_name_idx ON t%d (name);", t, t)
			d = fmt.Sprintf("DROP INDEX t%d_name_idx;", t)
		}
		name := fmt.Sprintf("%d_change_%d", i+2, i)
		head[name+".up.sql"] = &fstest.MapFile{Data: []byte(u)}
		head[name+".down.sql"] = &fstest.MapFile{Data: []byte(d)}
		added = append(added, "migrations/"+name+".up.sql", "migrations/"+name+".down.sql")
	}
	return base, head, added
}

// BenchmarkRehearsePostgres: a whole rehearsal of 20 migrations on 10
// tables of 1000 rows (base, rows, 20 up, 20 down, 20 up, with a schema
// snapshot around each). Run: go test ./internal/rehearse -run '^$' -bench RehearsePostgres -benchtime 3x
func BenchmarkRehearsePostgres(b *testing.B) {
	base, head, added := benchMigrations()
	for b.Loop() {
		b.StopTimer()
		url := dbtest.Postgres(b)
		b.StartTimer()
		res, err := Run(context.Background(), Options{URL: url, Base: base, Head: head, New: added, MigrationsPath: "migrations", Rows: 1000, LockTimeout: time.Minute})
		if err != nil || res.Failed() {
			b.Fatalf("rehearse: %v %+v", err, res.Failure)
		}
		if len(res.Steps) != 62 {
			b.Fatalf("%d steps, want 62", len(res.Steps))
		}
		for _, f := range res.Filled {
			if f.Rows != 1000 {
				b.Fatalf("table %s: %d rows (%s)", f.Table, f.Rows, f.Skipped)
			}
		}
	}
}

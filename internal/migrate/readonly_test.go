package migrate

import (
	"bytes"
	"database/sql"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-migrate/migrate/v4/database"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// readBoth runs plan and verify and checks they agree with want.
func readBoth(t *testing.T, o Options, want State, pending []uint) {
	t.Helper()
	r := ok(t)(Plan(bg, o))
	if r.Before != want || r.After != want || !r.Connected || !equal(versions(r.Pending), pending) {
		t.Fatalf("plan: state %v connected %v pending %v, want %v pending %v", r.Before, r.Connected, versions(r.Pending), want, pending)
	}
	r, err := Verify(bg, o)
	if len(pending) == 0 {
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
	} else {
		wantKind(t, err, KindFailed, "deploy the schema first")
	}
	if r.Before != want || !equal(versions(r.Pending), pending) {
		t.Fatalf("verify: state %v pending %v, want %v pending %v", r.Before, versions(r.Pending), want, pending)
	}
}

// TestReadOnlyCreatesNothing: plan and verify on a fresh, empty database
// report nothing applied and leave it as empty as it was (golang-migrate's
// Open would have created schema_migrations; the SQLite driver the file).
// After a migrate they read the version from the table the URL's options
// name, on every engine and URL variant.
func TestReadOnlyCreatesNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		new  func(testing.TB) string
		// params are appended to the URL; setup runs as admin first.
		params string
		setup  []string
		// table is where golang-migrate keeps the version, as listed by
		// dbtest.Tables after a migrate.
		table string
	}{
		{name: "postgres", new: dbtest.Postgres, table: "public.schema_migrations"},
		{name: "postgresql scheme", new: func(t testing.TB) string {
			return "postgresql://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
		}, table: "public.schema_migrations"},
		{name: "pgx5", new: func(t testing.TB) string {
			return "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
		}, table: "public.schema_migrations"},
		{name: "postgres x-migrations-table", new: dbtest.Postgres, params: "x-migrations-table=app_versions", table: "public.app_versions"},
		{name: "postgres quoted schema", new: dbtest.Postgres, setup: []string{"CREATE SCHEMA migrate"},
			params: "x-migrations-table=" + url.QueryEscape(`"migrate"."versions"`) + "&x-migrations-table-quoted=true", table: "migrate.versions"},
		{name: "postgres search_path", new: dbtest.Postgres, setup: []string{"CREATE SCHEMA app"},
			params: "search_path=app", table: "app.schema_migrations"},
		{name: "pgx5 search_path", new: func(t testing.TB) string {
			return "pgx5://" + strings.TrimPrefix(dbtest.Postgres(t), "postgres://")
		}, setup: []string{"CREATE SCHEMA app"}, params: "search_path=app", table: "app.schema_migrations"},
		{name: "mariadb", new: dbtest.MariaDB, table: "schema_migrations"},
		{name: "mariadb x-migrations-table", new: dbtest.MariaDB, params: "x-migrations-table=app_versions&x-no-lock=false", table: "app_versions"},
		{name: "sqlite", new: dbtest.SQLite, table: "schema_migrations"},
		{name: "sqlite x-migrations-table", new: dbtest.SQLite, params: "x-migrations-table=app_versions", table: "app_versions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := tt.new(t)
			sqlitePath := ""
			if strings.HasPrefix(base, "sqlite://") {
				sqlitePath = strings.TrimPrefix(base, "sqlite://")
			}
			admin := base
			if strings.HasPrefix(admin, "postgresql://") || strings.HasPrefix(admin, "pgx5://") {
				admin = "postgres://" + admin[strings.Index(admin, "://")+3:]
			}
			for _, q := range tt.setup {
				if _, err := dbtest.Open(t, admin).Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			u := base
			if tt.params != "" {
				sep := "?"
				if strings.Contains(u, "?") {
					sep = "&"
				}
				u += sep + tt.params
			}
			o := writeDir(t, u, three)

			readBoth(t, o, State{}, []uint{1, 2, 3})
			if sqlitePath != "" {
				if _, err := os.Stat(sqlitePath); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("plan and verify created the SQLite file %s (stat: %v)", sqlitePath, err)
				}
			} else if got := dbtest.Tables(t, admin); len(got) != 0 {
				t.Fatalf("plan and verify created tables %v", got)
			}

			// An existing but empty SQLite file: still nothing created.
			if sqlitePath != "" {
				if err := os.WriteFile(sqlitePath, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				readBoth(t, o, State{}, []uint{1, 2, 3})
				if got := dbtest.Tables(t, admin); len(got) != 0 {
					t.Fatalf("plan and verify created tables %v in an empty SQLite file", got)
				}
			}

			ok(t)(Migrate(bg, o, 2, true))
			tables := dbtest.Tables(t, admin)
			if !contains(tables, tt.table) {
				t.Fatalf("golang-migrate kept its version in %v, the test expected %s", tables, tt.table)
			}
			readBoth(t, o, State{Version: 2, HasVersion: true}, []uint{3})
			if got := dbtest.Tables(t, admin); strings.Join(got, ",") != strings.Join(tables, ",") {
				t.Fatalf("tables before plan %v, after %v", tables, got)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestReadOnlyDirtyAndNone: the dirty flag and force -1 read back as
// golang-migrate wrote them.
func TestReadOnlyDirtyAndNone(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, _ dbtest.Engine, u string) {
		o := writeDir(t, u, with(three, map[string]string{"2_add_users.up.sql": "CREATE TABLE users (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n"}))
		_, err := Migrate(bg, o, 0, false)
		wantKind(t, err, KindFailed, "failed")
		r := ok(t)(Plan(bg, o))
		if r.Before != (State{Version: 2, HasVersion: true, Dirty: true}) || r.Recovery == nil || r.Recovery.DirtyVersion != 2 || !slices.Contains(r.Recovery.Candidates, 1) {
			t.Fatalf("plan dirty: %v %+v", r.Before, r.Recovery)
		}
		ok(t)(Force(bg, o, -1))
		r = ok(t)(Plan(bg, o))
		if r.Before.HasVersion || r.Before.Dirty || !equal(versions(r.Pending), []uint{1, 2, 3}) {
			t.Fatalf("plan after force -1: %v %v", r.Before, versions(r.Pending))
		}
	})
}

// TestReadOnlyUser: plan and verify run as a database user that may only
// read golang-migrate's table (or, on an empty database, read nothing), the
// setup of a code-deploy job's verify step.
func TestReadOnlyUser(t *testing.T) {
	t.Parallel()
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		admin := dbtest.Postgres(t)

		// Empty database: CONNECT only. golang-migrate would CREATE.
		ro := dbtest.PostgresReader(t, admin, "")
		readBoth(t, writeDir(t, ro, three), State{}, []uint{1, 2, 3})
		if got := dbtest.Tables(t, admin); len(got) != 0 {
			t.Fatalf("tables %v", got)
		}

		ok(t)(Migrate(bg, writeDir(t, admin, three), 2, true))
		// The table exists but the role may not read it: a clear message.
		_, err := Plan(bg, writeDir(t, ro, three))
		wantKind(t, err, KindInput, `may not read golang-migrate's version table "public"."schema_migrations"`)
		if !strings.Contains(err.Error(), `GRANT SELECT ON "public"."schema_migrations" TO <user>`) {
			t.Errorf("message lacks the grant: %v", err)
		}

		reader := dbtest.PostgresReader(t, admin, "schema_migrations")
		readBoth(t, writeDir(t, reader, three), State{Version: 2, HasVersion: true}, []uint{3})
		pgx := "pgx5://" + strings.TrimPrefix(reader, "postgres://")
		readBoth(t, writeDir(t, pgx, three), State{Version: 2, HasVersion: true}, []uint{3})
	})
	t.Run("mariadb", func(t *testing.T) {
		t.Parallel()
		admin := dbtest.MariaDB(t)
		ro := dbtest.MariaDBReader(t, admin, "*")
		readBoth(t, writeDir(t, ro, three), State{}, []uint{1, 2, 3})
		if got := dbtest.Tables(t, admin); len(got) != 0 {
			t.Fatalf("tables %v", got)
		}
		ok(t)(Migrate(bg, writeDir(t, admin, three), 0, false))
		// A user who may read another table but not the version table.
		other := dbtest.MariaDBReader(t, admin, "applied_log")
		_, err := Verify(bg, writeDir(t, other, three))
		wantKind(t, err, KindInput, "may not read golang-migrate's version table `schema_migrations`")
		if !strings.Contains(err.Error(), "GRANT SELECT ON sg_") {
			t.Errorf("message lacks the grant: %v", err)
		}
		reader := dbtest.MariaDBReader(t, admin, "schema_migrations")
		readBoth(t, writeDir(t, reader, three), State{Version: 3, HasVersion: true}, nil)
		readBoth(t, writeDir(t, reader, with(three, map[string]string{"4_more.up.sql": "SELECT 1;"})), State{Version: 3, HasVersion: true}, []uint{4})
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		u := dbtest.SQLite(t)
		path := strings.TrimPrefix(u, "sqlite://")
		ok(t)(Migrate(bg, writeDir(t, u, three), 2, true))
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(path)
		readBoth(t, writeDir(t, u, three), State{Version: 2, HasVersion: true}, []uint{3})
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		st2, _ := os.Stat(path)
		if !bytes.Equal(before, after) || !st.ModTime().Equal(st2.ModTime()) || st2.Mode().Perm() != 0o444 {
			t.Fatal("plan and verify changed the SQLite file")
		}
		for _, side := range []string{"-journal", "-wal", "-shm"} {
			if _, err := os.Stat(path + side); err == nil {
				t.Errorf("plan and verify left %s%s", filepath.Base(path), side)
			}
		}
	})
}

// TestSQLiteReadOnlyDSN: the connection plan opens refuses writes at the
// SQLite level (mode=ro), which holds even for root, whom a chmod does not
// stop.
func TestSQLiteReadOnlyDSN(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"a.db", "with ?#% chars.db"} {
		path := filepath.Join(dir, name)
		plain := filepath.Join(dir, "plain.db") // the driver cuts a plain name at '?'
		rw, err := sql.Open("sqlite", plain)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rw.Exec("CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (7, 0)"); err != nil {
			t.Fatal(err)
		}
		rw.Close()
		if err := os.Rename(plain, path); err != nil {
			t.Fatal(err)
		}
		dsn := sqliteReadOnlyDSN(path, "_pragma=busy_timeout%281000%29&mode=rwc")
		ro, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if err := ro.QueryRow("SELECT version FROM schema_migrations").Scan(&v); err != nil || v != 7 {
			t.Fatalf("%s: read through %s: %v %d", name, dsn, err, v)
		}
		if _, err := ro.Exec("CREATE TABLE probe (id INTEGER)"); err == nil || !strings.Contains(err.Error(), "readonly") {
			t.Fatalf("%s: a write through %s: %v, want a read-only error", name, dsn, err)
		}
		ro.Close()
	}
}

// TestReadOnlyIgnoresLock: while another session holds golang-migrate's
// migration lock (PostgreSQL's advisory lock, MySQL's GET_LOCK, our flock
// on the SQLite file), plan and verify answer at once instead of waiting up
// to lock-timeout. A migrate with a short timeout proves the lock is held.
func TestReadOnlyIgnoresLock(t *testing.T) {
	t.Parallel()
	dbtest.EachEngine(t, dbtest.Engines, func(t *testing.T, eng dbtest.Engine, u string) {
		o := writeDir(t, u, three)
		ok(t)(Migrate(bg, o, 2, true))

		release := holdLock(t, u)
		defer release()
		short := o
		short.LockTimeout = 500 * time.Millisecond
		_, err := Migrate(bg, short, 0, false)
		wantKind(t, err, KindFailed, "another migration run holds the migration lock")

		patient := o
		patient.LockTimeout = 20 * time.Second
		start := time.Now()
		readBoth(t, patient, State{Version: 2, HasVersion: true}, []uint{3})
		took := time.Since(start)
		t.Logf("%s: plan and verify took %v under a held lock (lock-timeout 20s)", eng.Name, took.Round(time.Millisecond))
		if took > 5*time.Second {
			t.Fatalf("plan and verify took %v while the lock was held: they waited for it", took)
		}
	})
}

// holdLock takes golang-migrate's own migration lock on the database in
// this process, the way a running migrate holds it.
func holdLock(t *testing.T, u string) (release func()) {
	t.Helper()
	if strings.HasPrefix(u, "sqlite://") {
		db, err := ParseURL(u)
		if err != nil {
			t.Fatal(err)
		}
		fl, err := lockFile(bg, sqlitePath(db), time.Now().Add(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return fl.unlock
	}
	drv, err := database.Open(u)
	if err != nil {
		t.Fatal(err)
	}
	if err := drv.Lock(); err != nil {
		t.Fatal(err)
	}
	return func() {
		_ = drv.Unlock()
		_ = drv.Close()
	}
}

func TestPostgresTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query         string
		schema, table string
		err           string
	}{
		{"", "", "schema_migrations", ""},
		{"x-migrations-table=v", "", "v", ""},
		{"x-migrations-table=my.v", "", "my.v", ""},
		{"x-migrations-table-quoted=1", "", "schema_migrations", ""},
		{"x-migrations-table=%22v%22&x-migrations-table-quoted=true", "", "v", ""},
		{"x-migrations-table=%22m%22.%22v%22&x-migrations-table-quoted=true", "m", "v", ""},
		{"x-migrations-table=%22m%22.%22v%22", "", `"m"."v"`, ""},
		{"x-migrations-table=m.v&x-migrations-table-quoted=true", "", "", "must be quoted"},
		{"x-migrations-table=%22a%22.%22b%22.%22c%22&x-migrations-table-quoted=true", "", "", "more than two quoted parts"},
		{"x-migrations-table-quoted=maybe", "", "", "is not a boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			schema, table, err := postgresTable(q)
			if tt.err != "" {
				wantKind(t, err, KindInput, tt.err)
				return
			}
			if err != nil || schema != tt.schema || table != tt.table {
				t.Fatalf("got %q %q %v, want %q %q", schema, table, err, tt.schema, tt.table)
			}
		})
	}
}

// TestReadOnlyErrors: what cannot be read is named, with the fix.
func TestReadOnlyErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		url  string
		kind Kind
		msg  string
	}{
		{"sqlite directory missing", "sqlite://" + filepath.Join(dir, "nope", "x.db"), KindInput, "its directory exists"},
		{"postgres refused", "postgres://u:secretpw@127.0.0.1:1/db?sslmode=disable", KindInput, "cannot reach the server of database db on 127.0.0.1:1"},
		{"mysql refused", "mysql://u:secretpw@tcp(127.0.0.1:1)/db", KindInput, "cannot reach the server of database db on 127.0.0.1:1"},
		{"postgres bad quoted", "postgres://u@127.0.0.1:1/db?x-migrations-table=a&x-migrations-table-quoted=true", KindInput, "must be quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := writeDir(t, tt.url, three)
			o.LockTimeout = 5 * time.Second
			r, err := Plan(bg, o)
			wantKind(t, err, tt.kind, tt.msg)
			if r.Connected {
				t.Fatal("Connected after an error")
			}
			var e *Error
			if errors.As(err, &e) && strings.Contains(e.Msg, "secretpw") {
				t.Fatalf("message carries the password: %s", e.Msg)
			}
		})
	}
}

// TestReadOnlyTimeout: a server that accepts but never answers ends the
// read at lock-timeout with a message that says no lock was involved.
func TestReadOnlyTimeout(t *testing.T) {
	t.Parallel()
	ln := listenSilent(t)
	o := writeDir(t, "postgres://u@"+ln+"/db?sslmode=disable", three)
	o.LockTimeout = 700 * time.Millisecond
	start := time.Now()
	_, err := Verify(bg, o)
	took := time.Since(start)
	wantKind(t, err, KindFailed, "did not answer within lock-timeout 700ms")
	if took > 3*time.Second {
		t.Fatalf("took %v, want about the lock-timeout", took)
	}
}

// listenSilent is a TCP server that accepts connections and never answers.
func listenSilent(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

package dbtest

import "testing"

// Engine is one engine's helper, for table-driven tests over all engines.
type Engine struct {
	Name string
	New  func(testing.TB) string
}

// Engines are PostgreSQL, MariaDB and SQLite.
var Engines = []Engine{
	{"postgres", Postgres},
	{"mariadb", MariaDB},
	{"sqlite", SQLite},
}

// Servers are the engines behind a database server, PostgreSQL and
// MariaDB: the ones with sessions, server-side sleeps and roles.
var Servers = []Engine{
	{"postgres", Postgres},
	{"mariadb", MariaDB},
}

// EachEngine runs test once per engine of engines, as a parallel subtest
// named for the engine, with the URL of a fresh database of that engine.
// It is the loop every per-engine test would otherwise write out.
func EachEngine(t *testing.T, engines []Engine, test func(t *testing.T, eng Engine, url string)) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			test(t, eng, eng.New(t))
		})
	}
}

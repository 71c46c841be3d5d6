package migrate

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// sqliteReadable reads the table golang-migrate's sqlite driver uses:
// x-migrations-table (default schema_migrations, unquoted as golang-migrate
// writes it) in the file the URL names, opened with mode=ro. none is true
// when there is nothing to read: the file does not exist yet (golang-migrate
// would create it) or the database is in memory.
func sqliteReadable(db *DB) (r *readable, none bool, err error) {
	u, err := url.Parse(db.URL)
	if err != nil {
		return nil, false, inputError("database-url", "is not a valid URL", nil)
	}
	// golang-migrate: strings.Replace(FilterCustomQuery(purl).String(), "sqlite://", "", 1)
	dsn := strings.Replace(withoutCustom(u).String(), "sqlite://", "", 1)
	name, query, _ := strings.Cut(dsn, "?")
	uri := strings.HasPrefix(name, "file:")
	file := strings.TrimPrefix(name, "file:")
	if uri {
		if p, perr := url.PathUnescape(file); perr == nil {
			file = p
		}
	}
	if file == "" || strings.HasPrefix(file, ":memory:") || strings.Contains(query, "mode=memory") {
		return nil, true, nil
	}
	if _, serr := os.Stat(file); errors.Is(serr, os.ErrNotExist) {
		// A database golang-migrate has not created yet holds no version,
		// provided migrate could create it.
		if _, derr := os.Stat(filepath.Dir(file)); derr != nil {
			return nil, false, connectError(db, derr)
		}
		return nil, true, nil
	}
	table := db.Params.Get("x-migrations-table")
	if table == "" {
		table = "schema_migrations"
	}
	return &readable{
		driver:  "sqlite", // modernc, registered by golang-migrate's sqlite driver (open.go)
		dsn:     sqliteReadOnlyDSN(name, query),
		table:   func(context.Context, querier) (string, error) { return table, nil },
		missing: func(err error) bool { return strings.Contains(err.Error(), "no such table") },
		denied:  func(error) bool { return false }, // file permissions fail at open
		grant:   func(string) string { return "" },
	}, false, nil
}

// sqliteReadOnlyDSN turns the DSN golang-migrate would open into a SQLite
// URI with mode=ro: the file is opened read-only (never created, never
// written, a chmod 0444 file is fine). The driver's own parameters
// (_pragma, _time_format) stay; modernc reads them from the URI too.
func sqliteReadOnlyDSN(name, query string) string {
	q, err := url.ParseQuery(query)
	if err != nil {
		q = url.Values{}
	}
	q.Del("mode")
	q.Set("mode", "ro")
	if strings.HasPrefix(name, "file:") {
		return name + "?" + q.Encode()
	}
	// A plain file name: escape what a URI would read as syntax.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(name)
	return "file:" + esc + "?" + q.Encode()
}

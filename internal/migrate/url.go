package migrate

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// schemes maps each supported URL scheme to its engine.
var schemes = map[string]Engine{
	"postgres":   Postgres,
	"postgresql": Postgres,
	"pgx5":       Postgres,
	"mysql":      MySQL,
	"sqlite":     SQLite,
}

// Schemes lists the supported URL schemes, for messages.
const Schemes = "postgres://, postgresql://, pgx5://, mysql://, sqlite://"

// DB is a validated database URL.
type DB struct {
	URL    string
	Scheme string
	Engine Engine
	// Params are the URL's query parameters (golang-migrate's x-* options
	// among them).
	Params url.Values
	// Host is host:port (or the file for SQLite), for messages. It never
	// holds the user or password.
	Host string
	// Name is the database name (the file for SQLite).
	Name string
}

// ParseURL checks a golang-migrate database URL before any driver sees it.
// Its messages never quote the URL: net/url's own errors do, and a password
// with an unescaped '#', '@', ':', '/' or '%' would leak through them (often
// only partly, which no redaction can catch).
func ParseURL(raw string) (*DB, error) {
	const input = "database-url"
	const encode = "percent-encode special characters in the user and password (# as %23, @ as %40, : as %3A, / as %2F, % as %25, ? as %3F)"
	if strings.TrimSpace(raw) == "" {
		return nil, inputError(input, "no database URL: set input database-url (from a secret) or env DATABASE_URL, such as postgres://user:password@host:5432/db?sslmode=require", nil)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return nil, inputError(input, "is not a URL of the form scheme://...: valid schemes are "+Schemes, nil)
	}
	engine, ok := schemes[strings.ToLower(scheme)]
	if !ok {
		shown := scheme
		if len(shown) > 20 || strings.ContainsAny(shown, ":@/") {
			shown = "(unreadable)"
		}
		return nil, inputError(input, fmt.Sprintf("unknown scheme %q: valid schemes are %s (the binary has no other drivers)", shown, Schemes), nil)
	}
	if engine == MySQL {
		return parseMySQL(raw, rest, encode)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, inputError(input, "is not a valid URL ("+parseReason(err)+"): "+encode, nil)
	}
	if u.Fragment != "" || u.RawFragment != "" || strings.Contains(rest, "#") {
		return nil, inputError(input, "contains '#', which ends a URL: "+encode, nil)
	}
	db := &DB{URL: raw, Scheme: strings.ToLower(scheme), Engine: engine, Params: u.Query()}
	if engine == SQLite {
		path, _, _ := strings.Cut(rest, "?")
		if path == "" {
			return nil, inputError(input, "sqlite:// URL has no file: use sqlite://path/to/file.db (relative to the workspace) or sqlite:///absolute/path.db", nil)
		}
		db.Host, db.Name = path, path
		return db, nil
	}
	host := u.Host
	if host == "" {
		return nil, inputError(input, "has no host: use "+db.Scheme+"://user:password@host:port/database", nil)
	}
	db.Host = host
	db.Name = strings.TrimPrefix(u.Path, "/")
	if db.Name == "" {
		return nil, inputError(input, "names no database: add it after the host, such as "+db.Scheme+"://user:password@"+host+"/mydb", nil)
	}
	return db, nil
}

// parseReason turns a net/url error into words without any part of the URL.
func parseReason(err error) string {
	var ee url.EscapeError
	if errors.As(err, &ee) {
		return "a '%' that does not start a %XX escape"
	}
	var he url.InvalidHostError
	if errors.As(err, &he) {
		return "an invalid character in the host"
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "invalid port"):
		return "an invalid port, often a ':' or '#' in the password"
	case strings.Contains(msg, "invalid userinfo"):
		return "invalid characters in the user or password"
	case strings.Contains(msg, "invalid control character"):
		return "a control character"
	}
	return "unparseable"
}

// transactional says whether the engine undoes a failed file, given the
// URL's golang-migrate options, and why.
func (db *DB) transactional() (bool, string) {
	switch db.Engine {
	case Postgres:
		if b, _ := strconv.ParseBool(db.Params.Get("x-multi-statement")); b {
			return false, "x-multi-statement=true runs each statement on its own, so statements before the failing one took effect"
		}
		return true, "PostgreSQL ran the file as one implicit transaction and rolled it back (unless the file itself commits)"
	case SQLite:
		if b, _ := strconv.ParseBool(db.Params.Get("x-no-tx-wrap")); b {
			return false, "x-no-tx-wrap=true runs the file without a transaction, so statements before the failing one took effect"
		}
		return true, "the SQLite driver wraps each file in a transaction and rolled it back"
	default:
		return false, "MySQL and MariaDB commit every DDL statement implicitly, so statements before the failing one took effect"
	}
}

// parseMySQL checks a mysql:// URL, which golang-migrate hands to the MySQL
// driver's DSN parser (user:password@tcp(host:port)/dbname?params), not to
// net/url.
func parseMySQL(raw, rest, encode string) (*DB, error) {
	const input = "database-url"
	db := &DB{URL: raw, Scheme: "mysql", Engine: MySQL}
	if i := strings.LastIndex(rest, "?"); i >= 0 {
		q, err := url.ParseQuery(rest[i+1:])
		if err != nil {
			return nil, inputError(input, "has unparseable query parameters after '?': "+encode, nil)
		}
		db.Params = q
		rest = rest[:i]
	}
	slash := strings.LastIndex(rest, "/")
	if slash < 0 {
		return nil, inputError(input, "names no database: use mysql://user:password@tcp(host:3306)/dbname", nil)
	}
	db.Name = rest[slash+1:]
	addr := rest[:slash]
	if at := strings.LastIndex(addr, "@"); at >= 0 {
		userinfo := addr[:at]
		addr = addr[at+1:]
		if strings.Contains(userinfo, "/") {
			return nil, inputError(input, "has a '/' in the user or password: "+encode, nil)
		}
		if _, err := url.QueryUnescape(userinfo); err != nil {
			return nil, inputError(input, "is not a valid URL (a '%' that does not start a %XX escape in the user or password): "+encode, nil)
		}
	}
	if db.Name == "" {
		return nil, inputError(input, "names no database: use mysql://user:password@tcp(host:3306)/dbname", nil)
	}
	if addr != "" {
		open := strings.Index(addr, "(")
		if open <= 0 || !strings.HasSuffix(addr, ")") {
			return nil, inputError(input, "has a host that is not in the form tcp(host:port): golang-migrate's MySQL URLs are mysql://user:password@tcp(host:3306)/dbname", nil)
		}
		db.Host = addr[open+1 : len(addr)-1]
	} else {
		db.Host = "127.0.0.1:3306"
	}
	return db, nil
}

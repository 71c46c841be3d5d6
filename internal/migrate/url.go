package migrate

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
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
	if err := ambiguous(rest); err != nil {
		return nil, err
	}
	host := u.Host
	if host == "" {
		return nil, inputError(input, "has no host: use "+db.Scheme+"://user:password@host:port/database", nil)
	}
	if err := plausibleHosts(host); err != nil {
		return nil, err
	}
	db.Host = host
	db.Name = strings.TrimPrefix(u.Path, "/")
	if db.Name == "" {
		return nil, inputError(input, "names no database: add it after the host, such as "+db.Scheme+"://user:password@host:5432/mydb (if the URL has one, a '/', '?' or '@' in the password cut it off: "+encode+")", nil)
	}
	return db, nil
}

// misread is the message for a URL that parses, but not as the user
// meant: it names the reason and the fix, never a part of the URL (the
// parts are pieces of the password).
func misread(reason string) error {
	return inputError("database-url", "does not read as one URL: "+reason+". Its parts are not shown, as they may be pieces of the password. Percent-encode special characters in the user and password (/ as %2F, ? as %3F, @ as %40, # as %23, : as %3A, % as %25, + as %2B): a password pa/ss?word is written pa%2Fss%3Fword", nil)
}

// ambiguous refuses a postgres URL whose '@' lies after the host: a
// password holding an unencoded '/' or '?' ends the host part early
// (app:2024/Spring?x=1@host/db reads as host app, port 2024, database
// Spring), so an '@' in the path, or an '@' in the query followed by
// host/..., is a password cut in two.
func ambiguous(rest string) error {
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		return nil
	}
	path, query, _ := strings.Cut(rest[end:], "?")
	if strings.Contains(path, "@") {
		return misread("an '@' after the host (in the database name), as when the password holds an unencoded '/'")
	}
	if at := strings.Index(query, "@"); at >= 0 && strings.Contains(query[at:], "/") {
		return misread("an '@' and a '/' after the '?', as when the password holds an unencoded '?' or '/' (write an '@' inside a query value as %40)")
	}
	return nil
}

// hostname is what a host name, an IPv4 address or a percent-encoded Unix
// socket directory (%2Fvar%2Frun%2Fpostgresql) looks like.
var hostname = regexp.MustCompile(`^([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?|(/|%2[Ff])[A-Za-z0-9_./%-]*)$`)

// plausibleHosts checks host[:port][,host[:port]...] (pgx accepts a list):
// a name or address and a port from 1 to 65535. Anything else is a
// misread password.
func plausibleHosts(hosts string) error {
	for _, hp := range strings.Split(hosts, ",") {
		h, port := hp, ""
		if strings.HasPrefix(hp, "[") {
			end := strings.Index(hp, "]")
			if end < 0 || net.ParseIP(hp[1:end]) == nil {
				return misread("a host in brackets that is not an IPv6 address")
			}
			h, port = "", strings.TrimPrefix(hp[end+1:], ":")
			if hp[end+1:] != "" && !strings.HasPrefix(hp[end+1:], ":") {
				return misread("text after an IPv6 address that is not :port")
			}
		} else if i := strings.LastIndex(hp, ":"); i >= 0 {
			h, port = hp[:i], hp[i+1:]
		}
		if hp != "" && !strings.HasPrefix(hp, "[") && !hostname.MatchString(h) {
			return misread("a host that is not a host name or an address")
		}
		if port != "" {
			n, err := strconv.Atoi(port)
			if err != nil || n < 1 || n > 65535 {
				return misread("a port that is not a number from 1 to 65535, as when the password holds an unencoded ':' or '/'")
			}
		}
	}
	return nil
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
	// The driver's DSN parser finds the database at the LAST '/' of the
	// whole string and the user info at the last '@' before it; the query
	// starts at the first '?' after that '/'.
	slash := strings.LastIndex(rest, "/")
	if slash < 0 {
		return nil, inputError(input, "names no database: use mysql://user:password@tcp(host:3306)/dbname", nil)
	}
	name, query, hasQuery := strings.Cut(rest[slash+1:], "?")
	if q := strings.Index(rest[:slash], "?"); q >= 0 && (strings.Contains(rest[:q], ")/") || strings.Contains(rest[:q], "@/")) {
		return nil, misread("a '/' in a query value (the driver finds the database name at the last '/'; write '/' in a query value as %2F)")
	} else if q >= 0 {
		return nil, misread("a '?' before the database name, as when the password holds an unencoded '?' (golang-migrate's MySQL driver reads the query from the last '?')")
	}
	if strings.Contains(name, "@") || strings.Contains(name, "(") {
		return nil, misread("an '@' or '(' in the database name, as when a query value holds an unencoded '/' (the driver finds the database at the last '/'; write '/' in a query value as %2F)")
	}
	if hasQuery {
		q, err := url.ParseQuery(query)
		if err != nil {
			return nil, inputError(input, "has unparseable query parameters after '?': "+encode, nil)
		}
		db.Params = q
	}
	db.Name = name
	addr := rest[:slash]
	if at := strings.LastIndex(addr, "@"); at >= 0 {
		userinfo := addr[:at]
		addr = addr[at+1:]
		if strings.Contains(userinfo, "/") {
			return nil, inputError(input, "has a '/' in the user or password: "+encode, nil)
		}
		if strings.Contains(userinfo, "+") {
			return nil, misread("a '+' in the user or password, which golang-migrate's MySQL driver decodes as a space (write a plus as %2B, a space as %20)")
		}
		if _, err := url.QueryUnescape(userinfo); err != nil {
			return nil, inputError(input, "is not a valid URL (a '%' that does not start a %XX escape in the user or password): "+encode, nil)
		}
	}
	if db.Name == "" {
		return nil, inputError(input, "names no database: use mysql://user:password@tcp(host:3306)/dbname", nil)
	}
	if addr == "" {
		db.Host = "127.0.0.1:3306"
		return db, nil
	}
	open := strings.Index(addr, "(")
	if open <= 0 || !strings.HasSuffix(addr, ")") {
		return nil, inputError(input, "has a host that is not in the form tcp(host:port): golang-migrate's MySQL URLs are mysql://user:password@tcp(host:3306)/dbname", nil)
	}
	network, host := addr[:open], addr[open+1:len(addr)-1]
	switch network {
	case "tcp", "tcp4", "tcp6":
		if err := plausibleHosts(host); err != nil || strings.Contains(host, ",") {
			return nil, misread("a host in tcp(...) that is not host:port")
		}
	case "unix":
	default:
		return nil, misread("a network before '(' that is not tcp or unix")
	}
	db.Host = host
	return db, nil
}

// Package secret keeps database URLs, their passwords, their secret-bearing
// query parameters and tokens out of every message: it knows the forms a
// secret can take in text (raw, percent-encoded, percent-decoded, Go-quoted,
// cut into pieces by a misreading parser) and replaces each with "***". It
// also says which command-line arguments look like secrets, so a usage
// error never echoes one.
package secret

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Redactor replaces known secrets in text.
type Redactor struct {
	secrets []string // longest first, so a URL goes before its password
}

// New builds a redactor for the given database URLs and other secrets
// (tokens). Each value that holds "://" is read as a URL: its password in
// every reading, the pieces of its user info and its secret query
// parameters become secrets too. Empty values are ignored.
func New(values ...string) *Redactor {
	r := &Redactor{}
	for _, v := range values {
		if v == "" {
			continue
		}
		r.addForms(v)
		if !strings.Contains(v, "://") {
			continue
		}
		for _, p := range Passwords(v) {
			r.addForms(p)
		}
		for _, p := range userinfoPieces(v) {
			r.addForms(p)
		}
		for _, p := range paramValues(v) {
			r.addForms(p)
		}
	}
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// Passwords returns every reading of the password in a database URL. A
// password with unescaped '@', ':', '/', '#' or '%' makes the URL ambiguous
// and net/url may reject it, so the password is also cut by hand: between
// the first ':' after "scheme://" and the last '@' (and the last '@' before
// the query), each also percent-decoded as net/url and the MySQL driver do.
func Passwords(raw string) []string {
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		out = append(out, p)
		out = append(out, decoded(p)...)
	}
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
	}
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return out
	}
	for _, at := range []int{strings.LastIndex(rest, "@"), lastAtBeforeQuery(rest)} {
		if at <= 0 {
			continue
		}
		if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
			add(pw)
		}
	}
	return out
}

// decoded are the percent-decoded readings of s that differ from it.
func decoded(s string) []string {
	var out []string
	if d, err := url.PathUnescape(s); err == nil && d != s {
		out = append(out, d)
	}
	if d, err := url.QueryUnescape(s); err == nil && d != s {
		out = append(out, d)
	}
	return out
}

// lastAtBeforeQuery is the last '@' before the first '?', for URLs whose
// query carries an '@' of its own.
func lastAtBeforeQuery(rest string) int {
	end := len(rest)
	if q := strings.Index(rest, "?"); q >= 0 {
		end = q
	}
	return strings.LastIndex(rest[:end], "@")
}

// delims are the characters at which some parser may cut a URL's user
// info: a password holding one unencoded is read in pieces.
const delims = "/?#@:&=;"

// userinfoPieces returns the pieces a misreading parser can make of the
// password: the text after the first ':' up to any '@' of the URL, cut at
// every URL delimiter, as every run of consecutive pieces. A password such
// as "2024/Spring?x=1" gives "2024", "Spring", "x=1", "2024/Spring", ...,
// so no fragment of it survives a message that quotes a misparsed URL
// ("database Spring on app:2024"). The user name is not a secret.
func userinfoPieces(raw string) []string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil
	}
	colon := strings.Index(rest, ":")
	if colon < 0 {
		return nil
	}
	// A URL net/url reads unambiguously (its only '@'s are in the user
	// info) has one reading: cut its password only, so the host and the
	// database name stay readable in messages.
	auth := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		auth = rest[:i]
	}
	end := strings.LastIndex(auth, "@")
	if end < 0 || misreadable(rest[len(auth):]) {
		// Ambiguous: the widest reading ends at the last '@' followed by
		// something host-like and a '/' (or the end).
		for i := 0; i < len(rest); i++ {
			if rest[i] == '@' && hostFollows(rest[i+1:]) {
				end = i
			}
		}
	}
	if end <= colon+1 {
		return nil
	}
	return runs(rest[colon+1 : end])
}

// misreadable says whether the text after a URL's host part holds an '@'
// that may end the user info: one in the path, or one in the query
// followed by a '/' (as in ?x=1@host/db). An '@' in a query value
// (application_name=me@example) is not.
func misreadable(tail string) bool {
	path, query, _ := strings.Cut(tail, "?")
	if strings.Contains(path, "@") {
		return true
	}
	at := strings.Index(query, "@")
	return at >= 0 && strings.Contains(query[at:], "/")
}

// runs cuts s at every URL delimiter and returns every run of consecutive
// pieces ("a/b?c" gives a, b, c, a/b, b?c, a/b?c).
func runs(s string) []string {
	var starts, ends []int
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || strings.IndexByte(delims, s[i]) >= 0 {
			starts, ends = append(starts, start), append(ends, i)
			start = i + 1
		}
	}
	const maxPieces = 24 // a password, not a document: bound the runs
	if len(starts) > maxPieces {
		return []string{s}
	}
	var out []string
	for i := range starts {
		for j := i; j < len(ends); j++ {
			out = append(out, s[starts[i]:ends[j]])
		}
	}
	return out
}

// hostFollows says whether s starts with something a URL's host part could
// be: a host[:port] or tcp(host:port) without query syntax, then '/' or the
// end.
func hostFollows(s string) bool {
	end := strings.IndexAny(s, "/")
	if end < 0 {
		end = len(s)
	}
	h := s[:end]
	return !strings.ContainsAny(h, "?#@&= ")
}

// secretParam matches the names of query parameters that carry a secret
// in the drivers the binary ships: PostgreSQL (lib/pq and pgx: password,
// sslpassword, and sslkey/sslcert whose values are PEM contents with
// sslinline=true), MySQL (golang-migrate's x-tls-key) and SQLite URIs
// (key, hexkey, _auth_pass), and any x-auth/token/secret parameter a
// proxy or wrapper may add.
var secretParam = regexp.MustCompile(`(?i)(pass|pwd|secret|token|auth|credential|sslkey|sslcert|(^|[-_])key$|hexkey|apikey|api_key|access_key)`)

// IsSecretParam says whether a query parameter name carries a secret.
// MySQL's allowCleartextPasswords and the like are switches, not secrets.
func IsSecretParam(name string) bool {
	return secretParam.MatchString(name) && !strings.HasPrefix(strings.ToLower(name), "allow")
}

// isFlag is a value no secret has: masking "true" would hide every "true"
// in the log.
func isFlag(v string) bool {
	_, err := strconv.ParseBool(v)
	return err == nil || strings.EqualFold(v, "yes") || strings.EqualFold(v, "no")
}

// paramValues returns the values of the URL's secret query parameters, as
// written and percent-decoded.
func paramValues(raw string) []string {
	_, rest, _ := strings.Cut(raw, "://")
	var out []string
	// Every '?' may start the query in some reading (a password may hold one).
	for q := strings.IndexByte(rest, '?'); q >= 0; {
		for _, kv := range strings.FieldsFunc(rest[q+1:], func(r rune) bool { return r == '&' || r == ';' }) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || v == "" {
				continue
			}
			if dk, err := url.QueryUnescape(k); err == nil {
				k = dk
			}
			if IsSecretParam(k) && !isFlag(v) {
				out = append(out, v)
				out = append(out, decoded(v)...)
			}
		}
		next := strings.IndexByte(rest[q+1:], '?')
		if next < 0 {
			break
		}
		q += next + 1
	}
	return out
}

// addForms adds s and the forms it takes inside other text: percent-encoded
// (a driver echoing a DSN) and Go-quoted (net/url's errors print the URL
// with %q).
func (r *Redactor) addForms(s string) {
	if len(s) < 3 {
		return
	}
	r.add(s)
	r.add(url.QueryEscape(s))
	r.add(url.PathEscape(s))
	r.add(url.UserPassword("u", s).String()[2:])
	if q := strconv.Quote(s); len(q) > 2 {
		r.add(q[1 : len(q)-1])
	}
	if q := strconv.QuoteToASCII(s); len(q) > 2 {
		r.add(q[1 : len(q)-1])
	}
}

func (r *Redactor) add(s string) {
	if len(s) < 3 {
		return
	}
	for _, have := range r.secrets {
		if have == s {
			return
		}
	}
	r.secrets = append(r.secrets, s)
}

// Secrets returns the values to mask on the runner.
func (r *Redactor) Secrets() []string { return r.secrets }

// userinfo matches the user:password@ part of any URL in text, the last
// line of defence for URLs this redactor was not told about.
var userinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^\s/@"'` + "`" + `]*:[^\s"'` + "`" + `]*@`)

// keyValue matches a secret parameter written as name=value, in a URL's
// query or a libpq keyword/value string (password='x y'), for drivers'
// messages that quote a connection string this redactor was not told about.
var keyValue = regexp.MustCompile(`(?i)\b([a-z0-9_-]*(?:password|passwd|pwd|secret|token|sslkey|sslcert|auth[a-z_-]*|hexkey|apikey|api_key))(\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;'"` + "`" + `]+)`)

// Redact replaces every known secret in s with "***", the password of any
// URL with user info, and the value of any secret name=value parameter.
// Outputs can be megabytes (a 100,000-file list), so the literal secrets are
// found with strings.Index, the URL pattern runs only on the words around
// each "://" (a userinfo match cannot cross white space or a quote, so
// matching word by word gives the same result as matching the whole text),
// and the name=value pattern only on text that holds a "=".
func (r *Redactor) Redact(s string) string {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	s = redactURLs(s)
	if strings.Contains(s, "=") {
		s = keyValue.ReplaceAllString(s, "${1}${2}***")
	}
	return s
}

// redactURLs replaces the password of every URL with user info.
func redactURLs(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is written
	for i >= 0 {
		start := strings.LastIndexFunc(s[:i], isWordEnd) + 1
		end := len(s)
		if e := strings.IndexFunc(s[i:], isWordEnd); e >= 0 {
			end = i + e
		}
		start = max(start, done)
		b.WriteString(s[done:start])
		b.WriteString(userinfo.ReplaceAllString(s[start:end], "${1}***@"))
		done = end
		next := strings.Index(s[end:], "://")
		if next < 0 {
			break
		}
		i = end + next
	}
	b.WriteString(s[done:])
	return b.String()
}

// isWordEnd is a character that no userinfo match contains: RE2's \s and
// the quotes the pattern excludes.
func isWordEnd(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\f', '\r', '"', '\'', '`':
		return true
	}
	return false
}

// Package secret keeps the database URL, its password and the GitHub token
// out of every message: it knows the forms a secret can take in text and
// replaces each with "***".
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

// New builds a redactor for the given database URL and other secrets
// (tokens). Empty values are ignored.
func New(databaseURL string, others ...string) *Redactor {
	r := &Redactor{}
	r.addForms(databaseURL)
	for _, p := range Passwords(databaseURL) {
		r.addForms(p)
	}
	for _, o := range others {
		r.addForms(o)
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// Passwords returns every reading of the password in a database URL. A
// password with unescaped '@', ':', '/', '#' or '%' makes the URL ambiguous
// and net/url may reject it, so the password is also cut by hand: between
// the first ':' after "scheme://" and the last '@' (and the last '@' before
// the path), each also percent-decoded as net/url and the MySQL driver do.
func Passwords(raw string) []string {
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		out = append(out, p)
		if d, err := url.PathUnescape(p); err == nil && d != p {
			out = append(out, d)
		}
		if d, err := url.QueryUnescape(p); err == nil && d != p {
			out = append(out, d)
		}
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
	for _, at := range []int{strings.LastIndex(rest, "@"), lastAtBeforePath(rest)} {
		if at <= 0 {
			continue
		}
		if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
			add(pw)
		}
	}
	return out
}

// lastAtBeforePath is the last '@' before the first '/' that follows it,
// for URLs whose query or path carries an '@' of its own.
func lastAtBeforePath(rest string) int {
	end := len(rest)
	if q := strings.Index(rest, "?"); q >= 0 {
		end = q
	}
	return strings.LastIndex(rest[:end], "@")
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

// Redact replaces every known secret in s with "***", and the password of
// any URL with user info. Outputs can be megabytes (a 100,000-file list), so
// the literal secrets are found with strings.Index and the URL pattern runs
// only on the words around each "://": a userinfo match cannot cross white
// space or a quote, so matching word by word gives the same result as
// matching the whole text.
func (r *Redactor) Redact(s string) string {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
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

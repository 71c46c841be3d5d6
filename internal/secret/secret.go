// Package secret keeps the database URL, its password and the GitHub token
// out of every message: it knows the forms a secret can take in text and
// replaces each with "***".
package secret

import (
	"net/url"
	"sort"
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
	r.add(databaseURL)
	if u, err := url.Parse(databaseURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			r.add(p)
			r.add(url.QueryEscape(p))
			r.add(url.PathEscape(p))
		}
	}
	for _, o := range others {
		r.add(o)
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

func (r *Redactor) add(s string) {
	if len(s) >= 3 {
		r.secrets = append(r.secrets, s)
	}
}

// Secrets returns the values to mask on the runner.
func (r *Redactor) Secrets() []string { return r.secrets }

// Redact replaces every known secret in s with "***".
func (r *Redactor) Redact(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "***")
	}
	return s
}

package secret

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// hard passwords: every character that breaks a URL.
var passwords = []string{
	"s3cr#t-pass",
	"p@ss@word",
	"pa:ss:wd",
	"100%sure",
	"sl/ash/pw",
	"qu\"ote\\pw",
	"sp ace+plus",
	"?query=pw",
	"all#@:%/?x",
}

func TestRedactSurvivesSpecialPasswords(t *testing.T) {
	t.Parallel()
	for _, pw := range passwords {
		for _, form := range []struct{ name, url string }{
			{"raw postgres", "postgres://app:" + pw + "@db.internal:5432/shop?sslmode=require"},
			{"encoded postgres", "postgres://app:" + url.QueryEscape(pw) + "@db.internal:5432/shop"},
			{"raw mysql", "mysql://app:" + pw + "@tcp(db.internal:3306)/shop"},
			{"encoded pgx5", "pgx5://app:" + url.PathEscape(pw) + "@db.internal/shop"},
		} {
			t.Run(form.name+" "+pw, func(t *testing.T) {
				t.Parallel()
				r := New(form.url, "ghs_token123")
				_, perr := url.Parse(form.url)
				texts := []string{
					"connect " + form.url + " failed",
					fmt.Sprintf("parse %q: invalid", form.url),
					fmt.Sprintf("%v", perr),
					"password " + pw + " rejected",
					fmt.Sprintf("password %q rejected", pw),
					"dsn app:" + pw + "@tcp(db.internal:3306)/shop",
					"dsn app:" + url.QueryEscape(pw) + "@tcp(db.internal:3306)/shop",
					"token ghs_token123",
				}
				for _, text := range texts {
					got := r.Redact(text)
					for _, leak := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw), "ghs_token123", fmt.Sprintf("%q", pw)[1 : len(fmt.Sprintf("%q", pw))-1]} {
						if strings.Contains(got, leak) {
							t.Errorf("Redact(%q) = %q still holds %q", text, got, leak)
						}
					}
				}
				found := false
				for _, s := range r.Secrets() {
					if s == pw {
						found = true
					}
				}
				if !found {
					t.Errorf("Secrets() lacks the password %q: %q", pw, r.Secrets())
				}
			})
		}
	}
}

func TestRedactUnknownURLUserinfo(t *testing.T) {
	t.Parallel()
	r := New("")
	got := r.Redact(`dial postgres://other:hunter2xyz@host/db: refused`)
	if strings.Contains(got, "hunter2xyz") || !strings.Contains(got, "postgres://***@host/db") {
		t.Fatalf("got %q", got)
	}
}

func TestShortValuesIgnored(t *testing.T) {
	t.Parallel()
	r := New("postgres://u:ab@h/db")
	if got := r.Redact("a table named ab"); got != "a table named ab" {
		t.Fatalf("a two-character password must not redact every 'ab': %q", got)
	}
}

func FuzzRedact(f *testing.F) {
	for _, pw := range passwords {
		f.Add(pw, "x")
	}
	f.Fuzz(func(t *testing.T, pw, text string) {
		if len(pw) < 3 || strings.ContainsAny(pw, "\r\n") {
			return
		}
		raw := "postgres://app:" + pw + "@db:5432/shop"
		r := New(raw)
		out := r.Redact(text + " " + raw + " " + pw)
		if strings.Contains(out, pw) && !strings.Contains(r.Redact(text), pw) {
			t.Fatalf("password %q survives: %q", pw, out)
		}
	})
}

// TestRedactWordByWord: matching the URL pattern only around each "://"
// gives what matching the whole text gives, for URLs at the edges, side by
// side, quoted, and on several lines.
func TestRedactWordByWord(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"postgres://u:p@h/db",
		`x "mysql://root:pw@tcp(h:3306)/db" and 'https://a:b@c/d'`,
		"a://b:c@d://e:f@g h\tpostgres://x:y@z\nfoo://bar",
		"1abc://u:p@h ://u:p@h http://nouser@h",
		"`s://u:p@q`", "no urls here", "://", "a://", "ü://u:p@h é",
	} {
		if got, want := New("").Redact(text), userinfo.ReplaceAllString(text, "${1}***@"); got != want {
			t.Errorf("Redact(%q) = %q, the whole-text pattern gives %q", text, got, want)
		}
	}
}

func FuzzRedactWordByWord(f *testing.F) {
	f.Add("dial postgres://u:p@h/db: x")
	f.Add("a://b:c@d://e:f@g")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := New("").Redact(text), userinfo.ReplaceAllString(text, "${1}***@"); got != want {
			t.Fatalf("Redact(%q) = %q, the whole-text pattern gives %q", text, got, want)
		}
	})
}

// BenchmarkRedactFileList: a 100,000-path JSON output (2.3 MB) with a
// database URL and a token to redact, the check's largest output.
func BenchmarkRedactFileList(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("[")
	for i := range 100_000 {
		fmt.Fprintf(&sb, "%q,", fmt.Sprintf("services/svc%03d/handler%05d.go", i/100, i))
	}
	sb.WriteString("]")
	text := sb.String()
	r := New("postgres://app:s3cret-pass@db:5432/shop", "ghs_0123456789abcdef")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if out := r.Redact(text); len(out) != len(text) {
			b.Fatal("changed")
		}
	}
}

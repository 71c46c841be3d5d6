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

// wholeText is Redact's two patterns applied to the whole text at once.
func wholeText(text string) string {
	return keyValue.ReplaceAllString(userinfo.ReplaceAllString(text, "${1}***@"), "${1}${2}***")
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
		"postgres://h/db?password=x&sslmode=bogus", "password = 'a b' host=h",
	} {
		if got, want := New("").Redact(text), wholeText(text); got != want {
			t.Errorf("Redact(%q) = %q, the whole-text pattern gives %q", text, got, want)
		}
	}
}

func FuzzRedactWordByWord(f *testing.F) {
	f.Add("dial postgres://u:p@h/db: x")
	f.Add("a://b:c@d://e:f@g")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := New("").Redact(text), wholeText(text); got != want {
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

// TestSecretQueryParameters: a password (or any secret the drivers accept)
// in the query is a secret in every form, also inside a driver's message
// that re-encodes the URL (pgx: "cannot parse `postgres://...?password=..`").
func TestSecretQueryParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, secret string
	}{
		{"pgx5://app@db:5432/shop?sslmode=bogus&password=S3cret", "S3cret"},
		{"postgres://app@db/shop?sslpassword=k3y-pass&sslmode=require", "k3y-pass"},
		{"postgres://app@db/shop?sslinline=true&sslkey=-----BEGIN%20KEY-----abc", "-----BEGIN KEY-----abc"},
		{"postgres://app@db/shop?password=p%40ss%2Fw0rd", "p@ss/w0rd"},
		{"mysql://app@tcp(db:3306)/shop?x-auth-token=tok3nvalue", "tok3nvalue"},
		{"sqlite://data/app.db?_auth_pass=sq1itepw", "sq1itepw"},
	}
	for _, tt := range tests {
		t.Run(tt.secret, func(t *testing.T) {
			t.Parallel()
			r := New(tt.url)
			masked := false
			for _, s := range r.Secrets() {
				masked = masked || s == tt.secret
			}
			if !masked {
				t.Errorf("%q is not among the values to mask: %q", tt.secret, r.Secrets())
			}
			for _, text := range []string{
				"cannot parse `postgres://app@db:5432/shop?password=" + url.QueryEscape(tt.secret) + "&sslmode=bogus`: failed",
				"value " + tt.secret + " rejected",
				"param " + url.PathEscape(tt.secret),
			} {
				if got := r.Redact(text); strings.Contains(got, tt.secret) || strings.Contains(got, url.QueryEscape(tt.secret)) {
					t.Errorf("Redact(%q) = %q", text, got)
				}
			}
		})
	}
	// A switch is not a secret: masking "true" would hide every "true".
	for _, s := range New("mysql://u@tcp(h:3306)/d?allowCleartextPasswords=true&tls=true&password=false").Secrets() {
		if s == "true" || s == "false" {
			t.Errorf("masks %q", s)
		}
	}
	// A driver message about a connection string it was not told about.
	if got := New().Redact(`dial host=db password='s e c' sslpassword=abc123 user=app`); strings.Contains(got, "s e c") || strings.Contains(got, "abc123") || !strings.Contains(got, "user=app") {
		t.Errorf("keyword/value redaction: %q", got)
	}
}

// TestUserinfoPieces: a misread password ("2024/Spring?x=1" read as port
// 2024 and database Spring) leaves no piece of it in a message, while a
// well-formed URL keeps its host and database readable.
func TestUserinfoPieces(t *testing.T) {
	t.Parallel()
	r := New("postgres://app:2024/Spring?x=1@db.internal/shop")
	got := r.Redact("cannot reach the server of database Spring on app:2024 (x=1)")
	for _, piece := range []string{"Spring", "2024", "x=1"} {
		if strings.Contains(got, piece) {
			t.Errorf("piece %q survives: %q", piece, got)
		}
	}
	r = New("postgres://app:s3cretpw@db.internal:5432/shop?application_name=me@example")
	if got := r.Redact("database shop on db.internal:5432 said s3cretpw"); got != "database shop on db.internal:5432 said ***" {
		t.Errorf("well-formed URL: %q", got)
	}
}

func TestArgs(t *testing.T) {
	t.Parallel()
	args := []string{"plan", "postgres://app:pw0rd1@db/shop", "--github-token", "abc-not-shaped", "--database-url=sqlite://x.db", "ghp_0123456789abcdef", "migrations"}
	got := strings.Join(Args(args, "database-url", "github-token"), " ")
	for _, want := range []string{"postgres://app:pw0rd1@db/shop", "abc-not-shaped", "sqlite://x.db", "ghp_0123456789abcdef"} {
		if !strings.Contains(got, want) {
			t.Errorf("Args lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "migrations") || strings.Contains(got, "plan") {
		t.Errorf("Args holds a plain argument: %q", got)
	}
	for arg, shown := range map[string]bool{"migrations": true, "db/migrations": true, "postgres://app:pw@db/x": false, "ghs_abcdefghijkl": false, "a\rb": false} {
		if s := ShowArg(1, arg); strings.Contains(s, arg) != shown {
			t.Errorf("ShowArg(%q) = %q", arg, s)
		}
	}
	if s := ShowWord(0, "ghp_abcdef12345678"); strings.Contains(s, "ghp_") {
		t.Errorf("ShowWord shows a token: %q", s)
	}
}

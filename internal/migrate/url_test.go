package migrate

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw    string
		engine Engine
		host   string
		err    string
	}{
		{"postgres://u:p@db:5432/shop?sslmode=require", Postgres, "db:5432", ""},
		{"postgresql://u@db/shop", Postgres, "db", ""},
		{"pgx5://u:p%23w@db/shop", Postgres, "db", ""},
		{"mysql://u:p#w@tcp(db:3306)/shop?x-no-lock=false", MySQL, "db:3306", ""},
		{"mysql://u@/shop", MySQL, "127.0.0.1:3306", ""},
		{"sqlite://data/app.db", SQLite, "data/app.db", ""},
		{"sqlite:///tmp/app.db?x-no-tx-wrap=true", SQLite, "/tmp/app.db", ""},
		{"", "", "", "no database URL"},
		{"db.internal:5432", "", "", "is not a URL of the form scheme://"},
		{"oracle://u:p@db/x", "", "", `unknown scheme "oracle"`},
		{"postgres://u:p#w@db/shop", "", "", "percent-encode"},
		{"postgres://u:#pw@db/shop", "", "", "contains '#'"},
		{"postgres://u:p%zzw@db/shop", "", "", "a '%' that does not start"},
		{"postgres://u:p@/shop", "", "", "has no host"},
		{"postgres://u:p@db", "", "", "names no database"},
		{"mysql://u:p/w@tcp(db:3306)/shop", "", "", "has a '/' in the user or password"},
		{"mysql://u:p%zz@tcp(db:3306)/shop", "", "", "a '%' that does not start"},
		{"mysql://u:p@db:3306/shop", "", "", "tcp(host:port)"},
		{"sqlite://", "", "", "has no file"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			db, err := ParseURL(tt.raw)
			if tt.err != "" {
				wantKind(t, err, KindInput, tt.err)
				if !strings.HasPrefix(err.Error(), "input database-url: ") {
					t.Errorf("message does not name the input: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if db.Engine != tt.engine || db.Host != tt.host {
				t.Fatalf("engine %s host %s", db.Engine, db.Host)
			}
		})
	}
}

// FuzzParseURL: never panics, and no error message carries the user info
// of the URL (the part between "://" and the last '@').
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"postgres://u:p@db/shop", "postgres://u:p#ss@db:5432/x", "mysql://r:p@ss@tcp(h:1)/d",
		"postgres://u:%zzsecret@h/d", "sqlite://x.db", "pgx5://a:b:c@[::1]:5/d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := ParseURL(raw)
		if err == nil {
			return
		}
		_, rest, ok := strings.Cut(raw, "://")
		if !ok {
			return
		}
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			return
		}
		_, pw, ok := strings.Cut(rest[:at], ":")
		if !ok || len(pw) < 6 {
			return
		}
		msg := err.Error()
		if strings.Contains(msg, pw) || strings.Contains(msg, url.QueryEscape(pw)) {
			t.Fatalf("error %q carries the password %q", msg, pw)
		}
	})
}

// TestParseURLMisread: a URL whose unencoded password makes it parse, but
// not as meant, is bad input (exit 2) that says how to encode it and
// quotes none of its parts.
func TestParseURLMisread(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw    string
		pieces []string
	}{
		{"postgres://app:2024/Spring?x=1@db.internal/shop", []string{"2024", "Spring", "x=1", "db.internal", "shop"}},
		{"pgx5://app:12/34@db.internal/shop", []string{"34@db", "shop"}},
		{"postgres://app:1?w0rd@db.internal/shop", []string{"w0rd", "db.internal"}},
		{"postgres://app:pw@db.internal:99999/shop", []string{"99999"}},
		{"postgres://app:pw@we!rd/shop", []string{"we!rd"}},
		{"mysql://app:a?bcd@tcp(db:3306)/shop", []string{"bcd"}},
		{"mysql://app:a+bcd@tcp(db:3306)/shop", []string{"a+bcd"}},
		{"mysql://app:pw@tcp(db:3306)/shop?x-tls-ca=/etc/ca.pem", []string{"ca.pem"}},
		{"mysql://app:pw@tcp(db:port)/shop", []string{"db:port"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			_, err := ParseURL(tt.raw)
			wantKind(t, err, KindInput, "encode")
			for _, p := range tt.pieces {
				if strings.Contains(err.Error(), p) {
					t.Errorf("message quotes %q: %v", p, err)
				}
			}
		})
	}
	// Still accepted: '@' in a query value, several hosts, IPv6, '@' in a
	// MySQL password (the driver reads up to the last '@').
	for _, raw := range []string{
		"postgres://app:pw@db/shop?application_name=me@example",
		"pgx5://app:pw@h1:5432,h2:5433/shop",
		"postgres://app:pw@[::1]:5432/shop",
		"mysql://app:p@ss@tcp(db:3306)/shop",
		"mysql://app:pw@tcp(db:3306)/shop?x-tls-ca=%2Fetc%2Fca.pem",
	} {
		if _, err := ParseURL(raw); err != nil {
			t.Errorf("ParseURL(%q): %v", raw, err)
		}
	}
}

package ghapi

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"
)

// FuzzRateLimitHeaders feeds outside input (headers and bodies of 403/429
// answers) to the classifier: it must never panic nor wait a negative time.
func FuzzRateLimitHeaders(f *testing.F) {
	f.Add(403, "", "0", "4070952000", primaryBody)
	f.Add(429, "60", "", "", secondaryBody)
	f.Add(429, "Wed, 21 Oct 2099 07:28:00 GMT", "", "", "")
	f.Add(403, "-1", "0", "x", "{")
	f.Fuzz(func(t *testing.T, status int, retryAfter, remaining, reset, body string) {
		tr := &transport{now: func() time.Time { return time.Unix(4070908800, 0) }}
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		resp := &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader([]byte(body)))}
		rl, ok := tr.rateLimited(resp)
		if ok && rl.wait < 0 {
			t.Fatalf("negative wait %v", rl.wait)
		}
		if got, _ := io.ReadAll(resp.Body); !bytes.Equal(got, []byte(body)) {
			t.Fatalf("body not restored for go-github: %q", got)
		}
	})
}

func FuzzParseAPIURL(f *testing.F) {
	f.Add("https://ghe.example.com/api/v3")
	f.Add("")
	f.Add("http://[::1]:80/%2F")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseAPIURL(s)
		if err == nil && (u.Host == "" || u.Path == "" || u.Path[len(u.Path)-1] != '/') {
			t.Fatalf("parseAPIURL(%q) = %v without trailing slash or host", s, u)
		}
	})
}

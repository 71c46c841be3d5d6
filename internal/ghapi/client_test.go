package ghapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewAPIURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "", want: "https://api.github.com/"},
		{in: "https://api.github.com", want: "https://api.github.com/"},
		{in: "https://ghe.example.com/api/v3", want: "https://ghe.example.com/api/v3/"},
		{in: "https://ghe.example.com/api/v3/", want: "https://ghe.example.com/api/v3/"},
		{in: " http://127.0.0.1:8080 ", want: "http://127.0.0.1:8080/"},
		{in: "ghe.example.com", wantErr: true},
		{in: "ftp://ghe.example.com", wantErr: true},
		{in: "https://", wantErr: true},
		{in: "://bad", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.in, "")
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "GITHUB_API_URL") {
					t.Fatalf("err = %v, want an error naming GITHUB_API_URL", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.gh.BaseURL.String(); got != tt.want {
				t.Errorf("BaseURL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGHES(t *testing.T) {
	t.Parallel()
	f := newFake(t, "/api/v3")
	f.setPR(2, &fakePR{changedFiles: -1, files: manyFiles(150), labels: []string{"x"}})
	c := f.client(t)
	files, err := c.PullRequestFiles(context.Background(), "octo", "hello", 2)
	if err != nil || len(files) != 150 {
		t.Fatalf("got %d files, err %v; want 150 (pagination under /api/v3)", len(files), err)
	}
	if n := f.count("GET", "/repos/octo/hello/pulls/2/files"); n != 2 {
		t.Errorf("pages = %d, want 2", n)
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		token    string
		owner    string
		number   int
		fault    *fault
		wantKind Kind
		want     []string
	}{
		{name: "401 bad token", token: "ghp_WRONGtoken0123456789", owner: "octo", number: 1, wantKind: KindAuth,
			want: []string{"401 Unauthorized", "Bad credentials", "github-token input is invalid or expired"}},
		{name: "404 unknown repository", token: testToken, owner: "someone-else", number: 1, wantKind: KindNotFound,
			want: []string{"someone-else/hello#1", "404 Not Found", "cannot see the repository", "pull-requests: read"}},
		{name: "404 unknown pull request", token: testToken, owner: "octo", number: 99, wantKind: KindNotFound,
			want: []string{"octo/hello#99", "404 Not Found"}},
		{name: "server echoes the token", token: testToken, owner: "octo", number: 1, wantKind: KindOther,
			fault: &fault{method: "GET", path: "/repos/octo/hello/issues/1/labels", times: 1, status: 422,
				body: `{"message":"bad header: Authorization: Bearer ` + testToken + `","status":"422"}`},
			want: []string{"422", "Bearer ***"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(1, &fakePR{labels: []string{"a"}})
			if tt.fault != nil {
				f.addFault(tt.fault)
			}
			c, err := New(f.URL(), tt.token, WithSleep(f.clock.Sleep), withNow(f.clock.Now))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Labels(context.Background(), tt.owner, "hello", tt.number)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Kind != tt.wantKind {
				t.Fatalf("err = %v, want *APIError of kind %v", err, tt.wantKind)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if strings.Contains(err.Error(), tt.token) || strings.Contains(err.Error(), testToken) {
				t.Errorf("error text contains the token: %q", err)
			}
			if len(f.clock.Sleeps()) != 0 {
				t.Errorf("client errors must not be retried, slept %v", f.clock.Sleeps())
			}
		})
	}
}

// The token goes only to the API host, never to a host a redirect points at.
func TestTokenOnlyForAPIHost(t *testing.T) {
	t.Parallel()
	var seen []string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.Host+" "+r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	tr := &transport{base: rt, token: "secret", apiHost: "api.github.com", sleep: sleepCtx, now: time.Now, maxWait: time.Minute, maxAttempts: maxAttempts}
	for _, u := range []string{"https://api.github.com/x", "https://objects.githubusercontent.com/y"} {
		req, _ := http.NewRequest("GET", u, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if len(seen) != 2 || seen[0] != "api.github.com Bearer secret" || seen[1] != "objects.githubusercontent.com " {
		t.Errorf("seen = %q", seen)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	t.Parallel()
	const filesPath = "/repos/octo/hello/pulls/7/files"
	tests := []struct {
		name       string
		fault      *fault
		maxWait    time.Duration // 0: default
		wantSleeps []time.Duration
		wantCalls  int // requests to filesPath
		wantKind   Kind
		wantInText []string
	}{
		{
			name:       "primary rate limit 403 waits for the reset",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 403, header: primaryRateLimit(30 * time.Second), body: primaryBody},
			wantSleeps: []time.Duration{30 * time.Second}, wantCalls: 2,
		},
		{
			name:       "primary rate limit 429 waits for the reset",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 429, header: primaryRateLimit(45 * time.Second), body: primaryBody},
			wantSleeps: []time.Duration{45 * time.Second}, wantCalls: 2,
		},
		{
			name:       "secondary 429 with retry-after",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 429, header: retryAfter("5"), body: secondaryBody},
			wantSleeps: []time.Duration{5 * time.Second}, wantCalls: 2,
		},
		{
			name:       "secondary 403 with retry-after",
			fault:      &fault{method: "GET", path: filesPath, times: 2, status: 403, header: retryAfter("7"), body: secondaryBody},
			wantSleeps: []time.Duration{7 * time.Second, 7 * time.Second}, wantCalls: 3,
		},
		{
			name:       "secondary 403 without headers waits a minute",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 403, body: secondaryBody},
			wantSleeps: []time.Duration{time.Minute}, wantCalls: 2,
		},
		{
			name:       "plain 429 waits a minute",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 429, body: `{"message":"Too Many Requests"}`},
			wantSleeps: []time.Duration{time.Minute}, wantCalls: 2,
		},
		{
			name:       "reset beyond MaxWait fails at once",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 403, header: primaryRateLimit(time.Hour), body: primaryBody},
			wantSleeps: nil, wantCalls: 1, wantKind: KindRateLimit,
			wantInText: []string{"GitHub API rate limit exceeded (resets at 13:00:00 UTC)", "2m0s", "re-run the job after the reset", "list the files of pull request octo/hello#7"},
		},
		{
			name:       "small MaxWait",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 429, header: retryAfter("20"), body: secondaryBody},
			maxWait:    10 * time.Second,
			wantSleeps: nil, wantCalls: 1, wantKind: KindRateLimit,
			wantInText: []string{"secondary rate limit exceeded (resets at 12:00:20 UTC)"},
		},
		{
			name:       "rate limited on every attempt",
			fault:      &fault{method: "GET", path: filesPath, times: 9, status: 429, header: retryAfter("1"), body: secondaryBody},
			wantSleeps: []time.Duration{time.Second, time.Second, time.Second}, wantCalls: 4, wantKind: KindRateLimit,
			wantInText: []string{"still limited after 4 attempt(s)"},
		},
		{
			name:       "502 then success",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 502, body: badGateway},
			wantSleeps: []time.Duration{time.Second}, wantCalls: 2,
		},
		{
			name:       "500 503 504 back off exponentially",
			fault:      &fault{method: "GET", path: filesPath, times: 3, status: 503, body: badGateway},
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, wantCalls: 4,
		},
		{
			name:       "5xx on every attempt",
			fault:      &fault{method: "GET", path: filesPath, times: 9, status: 500, body: badGateway},
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, wantCalls: 4, wantKind: KindServer,
			wantInText: []string{"500 Internal Server Error", "re-run the job later"},
		},
		{
			name:       "plain 403 is a permission error and is not retried",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 403, body: `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/pulls/pulls#list-pull-requests-files","status":"403"}`},
			wantSleeps: nil, wantCalls: 1, wantKind: KindPermission,
			wantInText: []string{"Resource not accessible by integration", "permissions: block lacks pull-requests: read", "forks"},
		},
		{
			name:       "422 is not retried",
			fault:      &fault{method: "GET", path: filesPath, times: 1, status: 422, body: `{"message":"Validation Failed","errors":[],"documentation_url":"https://docs.github.com/rest","status":"422"}`},
			wantSleeps: nil, wantCalls: 1, wantKind: KindOther,
			wantInText: []string{"422 Unprocessable Entity", "Validation Failed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(7, &fakePR{files: manyFiles(5), changedFiles: -1})
			f.addFault(tt.fault)
			var opts []Option
			if tt.maxWait > 0 {
				opts = append(opts, WithMaxWait(tt.maxWait))
			}
			got, err := f.client(t, opts...).PullRequestFiles(context.Background(), "octo", "hello", 7)
			if s := f.clock.Sleeps(); fmt.Sprint(s) != fmt.Sprint(tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", s, tt.wantSleeps)
			}
			if n := f.count("GET", filesPath); n != tt.wantCalls {
				t.Errorf("requests = %d, want %d", n, tt.wantCalls)
			}
			if tt.wantInText == nil {
				if err != nil || len(got) != 5 {
					t.Fatalf("got %d files, err %v; want 5 files", len(got), err)
				}
				return
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.Kind != tt.wantKind {
				t.Errorf("kind = %v, want %v", apiErr.Kind, tt.wantKind)
			}
			for _, s := range tt.wantInText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text contains the token: %q", err)
			}
		})
	}
}

// After the transport gives up on a rate limit, or a successful answer says
// remaining: 0, go-github must not block the next request on its own.
func TestNoClientSideRateLimitState(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(9, &fakePR{labels: []string{"a"}})
	const p = "/repos/octo/hello/issues/9/labels"
	c := f.client(t)
	ctx := context.Background()

	f.addFault(&fault{method: "GET", path: p, times: 1, status: 0, header: primaryRateLimit(time.Hour)}) // 200 with remaining 0
	if _, err := c.Labels(ctx, "octo", "hello", 9); err != nil {
		t.Fatalf("first call: %v", err)
	}
	if _, err := c.Labels(ctx, "octo", "hello", 9); err != nil {
		t.Fatalf("after a 200 with remaining 0: %v", err)
	}
	f.addFault(&fault{method: "GET", path: p, times: 1, status: 403, header: primaryRateLimit(time.Hour), body: primaryBody})
	if _, err := c.Labels(ctx, "octo", "hello", 9); err == nil {
		t.Fatal("want a rate-limit error")
	}
	f.addFault(&fault{method: "GET", path: p, times: 1, status: 403, header: retryAfter("3600"), body: secondaryBody})
	if _, err := c.Labels(ctx, "octo", "hello", 9); err == nil {
		t.Fatal("want a secondary rate-limit error")
	}
	if _, err := c.Labels(ctx, "octo", "hello", 9); err != nil {
		t.Fatalf("after giving up on rate limits: %v", err)
	}
	if n := f.count("GET", p); n != 5 {
		t.Errorf("requests sent = %d, want 5 (none blocked client-side)", n)
	}
}

// flakyTransport fails the first n round trips with a connection error.
type flakyTransport struct {
	n    int32
	base http.RoundTripper
}

func (t *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if atomic.AddInt32(&t.n, -1) >= 0 {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, errors.New("read tcp 10.0.0.1:4711->140.82.112.6:443: read: connection reset by peer")
	}
	return t.base.RoundTrip(r)
}

func TestConnectionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		failures   int32
		wantSleeps []time.Duration
		wantErr    bool
	}{
		{name: "one reset then success", failures: 1, wantSleeps: []time.Duration{time.Second}},
		{name: "always failing", failures: 10, wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(9, &fakePR{labels: []string{"a"}})
			hc := &http.Client{Transport: &flakyTransport{n: tt.failures, base: http.DefaultTransport}}
			_, err := f.client(t, WithHTTPClient(hc)).Labels(context.Background(), "octo", "hello", 9)
			if s := f.clock.Sleeps(); fmt.Sprint(s) != fmt.Sprint(tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", s, tt.wantSleeps)
			}
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Kind != KindNetwork {
				t.Fatalf("err = %v, want a KindNetwork *APIError", err)
			}
			if !strings.Contains(err.Error(), "cannot reach the GitHub API") || !strings.Contains(err.Error(), "GITHUB_API_URL") {
				t.Errorf("error %q lacks the reason or the fix", err)
			}
		})
	}
}

func TestSleepRespectsContext(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(9, &fakePR{labels: []string{"a"}})
	f.addFault(&fault{method: "GET", path: "/repos/octo/hello/issues/9/labels", times: 1, status: 429, header: retryAfter("30"), body: secondaryBody})
	c, err := New(f.URL(), f.token) // the real sleep
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for f.count("GET", "/repos/octo/hello/issues/9/labels") == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := c.Labels(ctx, "octo", "hello", 9)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Labels kept sleeping after the context was canceled")
	}
}

func TestRateLimitedPOSTIsRetriedWithItsBody(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(5, &fakePR{})
	f.addFault(&fault{method: "POST", path: "/repos/octo/hello/issues/5/comments", times: 1, status: 403, header: retryAfter("2"), body: secondaryBody})
	url, created, err := f.client(t).UpsertComment(context.Background(), "octo", "hello", 5, "<!-- m -->", "hello\n<!-- m -->")
	if err != nil || !created || url == "" {
		t.Fatalf("url %q created %v err %v", url, created, err)
	}
	if got := f.commentsOf(5); len(got) != 1 || got[0].Body != "hello\n<!-- m -->" {
		t.Fatalf("comments = %+v, want one with the full body", got)
	}
	if s := f.clock.Sleeps(); fmt.Sprint(s) != "[2s]" {
		t.Errorf("sleeps = %v, want [2s]", s)
	}
}

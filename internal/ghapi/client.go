// Package ghapi is the GitHub REST API client the check command uses: the
// pull request's file list, its labels (read live, so re-runs see the current
// set), the sticky report comment and directory listings at a revision. It is
// built on go-github; retries and rate-limit waits happen in an
// http.RoundTripper underneath it, and every failure comes back as an
// *APIError whose text names what failed, why, and the fix, and never
// contains the token.
package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// DefaultAPIURL is used when GITHUB_API_URL is empty.
const DefaultAPIURL = "https://api.github.com"

// DefaultMaxWait bounds the total time spent waiting for rate limits and
// retries of one request.
const DefaultMaxWait = 2 * time.Minute

// perPage is the largest page size GitHub's list endpoints accept.
const perPage = 100

// maxPages guards against a server whose Link headers never end.
const maxPages = 1000

// Client talks to one GitHub (github.com or GHES) API endpoint.
type Client struct {
	gh    *github.Client
	token string
}

// Option configures New.
type Option func(*settings)

type settings struct {
	httpClient *http.Client
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	maxWait    time.Duration
}

// WithHTTPClient sets the HTTP client whose transport carries the requests.
// The client is copied, not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) { s.httpClient = hc }
}

// WithSleep replaces the function that waits between attempts (tests inject
// a fake clock). It must return ctx.Err() when ctx ends first.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(s *settings) { s.sleep = sleep }
}

// WithMaxWait sets the longest total time one request may spend waiting for
// rate limits and retries. A rate limit that resets later fails at once.
func WithMaxWait(d time.Duration) Option {
	return func(s *settings) { s.maxWait = d }
}

// withNow replaces the clock used to turn x-ratelimit-reset into a wait.
func withNow(now func() time.Time) Option {
	return func(s *settings) { s.now = now }
}

// New returns a client for the API at apiURL (GITHUB_API_URL: "" means
// https://api.github.com; GHES URLs like https://ghe.example.com/api/v3 are
// used as given). token may be empty for unauthenticated requests.
func New(apiURL, token string, opts ...Option) (*Client, error) {
	s := settings{sleep: sleepCtx, now: time.Now, maxWait: DefaultMaxWait}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxWait < 0 {
		s.maxWait = 0
	}

	base, err := parseAPIURL(apiURL)
	if err != nil {
		return nil, err
	}

	var hc http.Client
	if s.httpClient != nil {
		hc = *s.httpClient
	}
	inner := hc.Transport
	if inner == nil {
		inner = http.DefaultTransport
	}
	hc.Transport = &transport{
		base:        inner,
		token:       token,
		apiHost:     base.Host,
		sleep:       s.sleep,
		now:         s.now,
		maxWait:     s.maxWait,
		maxAttempts: maxAttempts,
	}

	gh := github.NewClient(&hc)
	gh.BaseURL = base
	gh.UserAgent = "schemagate"
	return &Client{gh: gh, token: token}, nil
}

// parseAPIURL validates GITHUB_API_URL and gives it the trailing slash
// go-github requires.
func parseAPIURL(apiURL string) (*url.URL, error) {
	raw := strings.TrimSpace(apiURL)
	if raw == "" {
		raw = DefaultAPIURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid GitHub API URL %q (GITHUB_API_URL): want an absolute http(s) URL such as %s or https://ghe.example.com/api/v3", apiURL, DefaultAPIURL)
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if u.RawPath != "" && !strings.HasSuffix(u.RawPath, "/") {
		u.RawPath += "/"
	}
	return u, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// listAll follows Link-header pagination from the first page to the last.
func listAll[T any](fetch func(page int) ([]T, *github.Response, error)) ([]T, error) {
	var all []T
	page := 0
	for i := 0; ; i++ {
		items, resp, err := fetch(page)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if resp == nil || resp.NextPage == 0 {
			return all, nil
		}
		if resp.NextPage <= page || i >= maxPages {
			return nil, errors.New("the GitHub API's pagination does not advance (Link rel=\"next\" points back): report this, it is a server-side problem")
		}
		page = resp.NextPage
	}
}

package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAttempts is how often one request is sent at most.
const maxAttempts = 4

// rateLimitDefaultWait is GitHub's "wait at least one minute" for a rate
// limit answer that carries neither retry-after nor x-ratelimit-remaining: 0.
const rateLimitDefaultWait = time.Minute

// maxErrorBody bounds how much of an error answer is read to classify it.
const maxErrorBody = 1 << 20

// transport authenticates, retries and waits out rate limits below
// go-github, so go-github sees only the final answer.
type transport struct {
	base        http.RoundTripper
	token       string
	apiHost     string
	sleep       func(ctx context.Context, d time.Duration) error
	now         func() time.Time
	maxWait     time.Duration
	maxAttempts int
}

// rateLimitError is what the transport returns, instead of a response, when
// it gives up on a rate limit. Returning an error (not the 403/429) keeps
// go-github from recording a client-side rate-limit state that would fail
// later requests without sending them.
type rateLimitError struct {
	Status    int
	Secondary bool
	Reset     time.Time
	Wait      time.Duration // how long the wait would have been
	Budget    time.Duration // the MaxWait budget left when giving up
	Attempts  int
	Exhausted bool // every attempt was rate limited (else: the wait exceeded the budget)
}

func (e *rateLimitError) Error() string {
	kind := "rate limit"
	if e.Secondary {
		kind = "secondary rate limit"
	}
	msg := fmt.Sprintf("GitHub API %s exceeded (resets at %s UTC)", kind, e.Reset.UTC().Format("15:04:05"))
	if e.Exhausted {
		msg += fmt.Sprintf(", still limited after %d attempt(s)", e.Attempts)
	} else {
		msg += fmt.Sprintf(", waiting %s would exceed the %s wait allowed", roundSecond(e.Wait), roundSecond(e.Budget))
	}
	return msg + ": re-run the job after the reset, or spread out the jobs that share this token"
}

func roundSecond(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d.Round(time.Second)
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	idempotent := req.Method != http.MethodPost
	var waited time.Duration

	for attempt := 1; ; attempt++ {
		r, err := t.prepare(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.base.RoundTrip(r)
		last := attempt >= t.maxAttempts || !replayable

		if err != nil {
			if ctx.Err() != nil || !idempotent || last {
				return nil, err
			}
			d := backoff(attempt)
			if waited+d > t.maxWait {
				return nil, err
			}
			if serr := t.sleep(ctx, d); serr != nil {
				return nil, serr
			}
			waited += d
			continue
		}

		if rl, ok := t.rateLimited(resp); ok {
			drain(resp)
			gaveUp := &rateLimitError{
				Status: resp.StatusCode, Secondary: rl.secondary, Reset: rl.reset,
				Wait: rl.wait, Budget: t.maxWait - waited, Attempts: attempt,
			}
			if waited+rl.wait > t.maxWait {
				return nil, gaveUp
			}
			if last {
				gaveUp.Exhausted = true
				return nil, gaveUp
			}
			if serr := t.sleep(ctx, rl.wait); serr != nil {
				return nil, serr
			}
			waited += rl.wait
			continue
		}

		if retryableStatus(resp.StatusCode) && idempotent && !last {
			d := backoff(attempt)
			if waited+d <= t.maxWait {
				drain(resp)
				if serr := t.sleep(ctx, d); serr != nil {
					return nil, serr
				}
				waited += d
				continue
			}
		}

		// go-github remembers x-ratelimit-remaining: 0 with its reset from
		// every answer and then fails later requests itself, without sending
		// them and without our wait. Waiting is this transport's job, so
		// those headers stop here.
		resp.Header.Del("X-RateLimit-Remaining")
		resp.Header.Del("X-RateLimit-Reset")
		resp.Header.Del("Retry-After")
		return resp, nil
	}
}

// prepare clones req for one attempt: a fresh body for replays, and the
// token only for the API host (never for a redirect elsewhere).
func (t *transport) prepare(req *http.Request, attempt int) (*http.Request, error) {
	r := req.Clone(req.Context())
	if attempt > 1 && req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("replay request body: %w", err)
		}
		r.Body = body
	} else {
		r.Body = req.Body
	}
	if t.token != "" && r.URL.Host == t.apiHost && r.Header.Get("Authorization") == "" {
		r.Header.Set("Authorization", "Bearer "+t.token)
	}
	return r, nil
}

func backoff(attempt int) time.Duration {
	return time.Second << (attempt - 1) // 1s, 2s, 4s
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

type rateLimit struct {
	wait      time.Duration
	reset     time.Time
	secondary bool
}

// rateLimited applies GitHub's documented order: retry-after first, then
// x-ratelimit-remaining: 0 with x-ratelimit-reset, else at least a minute.
// A 403 that is none of these (and whose body does not speak of a rate
// limit) is a permission error and is not retried.
func (t *transport) rateLimited(resp *http.Response) (rateLimit, bool) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return rateLimit{}, false
	}
	now := t.now()
	if ra := strings.TrimSpace(resp.Header.Get("Retry-After")); ra != "" {
		if d, ok := parseRetryAfter(ra, now); ok {
			return rateLimit{wait: d, reset: now.Add(d), secondary: true}, true
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset")), 10, 64); err == nil {
			reset := time.Unix(n, 0)
			d := reset.Sub(now)
			if d < time.Second {
				d = time.Second // the reset has passed on our clock; retry soon
			}
			return rateLimit{wait: d, reset: reset}, true
		}
		return rateLimit{wait: rateLimitDefaultWait, reset: now.Add(rateLimitDefaultWait)}, true
	}
	if resp.StatusCode == http.StatusTooManyRequests || bodySaysRateLimit(resp) {
		return rateLimit{wait: rateLimitDefaultWait, reset: now.Add(rateLimitDefaultWait), secondary: true}, true
	}
	return rateLimit{}, false
}

func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		d := at.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// bodySaysRateLimit reads the error body (restoring it for go-github) and
// reports whether GitHub explains the 403 as a rate limit.
func bodySaysRateLimit(resp *http.Response) bool {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return false
	}
	var e struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if json.Unmarshal(data, &e) != nil {
		return false
	}
	return strings.Contains(strings.ToLower(e.Message), "rate limit") ||
		strings.Contains(e.DocumentationURL, "rate-limit") ||
		strings.Contains(e.DocumentationURL, "abuse-rate-limits")
}

// drain lets the connection be reused before a retry.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
}

var _ http.RoundTripper = (*transport)(nil)

package ghapi

import (
	"context"
	"errors"
	"fmt"
	"github.com/schemagate/schemagate/internal/changes"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// ErrTruncated marks a pull request file list that may be incomplete: the
// GitHub API lists at most 3000 files of a pull request.
var ErrTruncated = changes.ErrTruncated

// MaxPullRequestFiles is the most files GitHub's pull request files API lists.
const MaxPullRequestFiles = 3000

// Kind says what sort of failure an APIError is, for callers that react to
// some (a read-only token on a fork PR) differently.
type Kind int

const (
	KindOther      Kind = iota
	KindAuth            // 401: bad or expired token
	KindPermission      // 403: the token lacks a permission
	KindNotFound        // 404
	KindRateLimit       // primary or secondary rate limit, not waited out
	KindServer          // 5xx after retries
	KindNetwork         // the API could not be reached
)

// APIError is a failed GitHub API call. Its text names the operation, the
// reason and the fix, and never contains the token.
type APIError struct {
	Op         string    // what was attempted, e.g. "list the files of pull request o/r#1"
	Status     int       // HTTP status; 0 when no answer arrived
	Kind       Kind      // the class of failure
	Permission string    // the job permission the operation needs, e.g. "pull-requests: read"
	Reset      time.Time // for KindRateLimit: when the limit resets
	Message    string    // reason and fix
	err        error
}

func (e *APIError) Error() string { return e.Op + ": " + e.Message }

// Unwrap returns the underlying go-github or transport error.
func (e *APIError) Unwrap() error { return e.err }

// op names one API operation and the job permission it needs.
type op struct {
	what       string
	permission string
}

// fail turns any error from go-github into an *APIError (context errors
// stay recognisable with errors.Is through Unwrap).
func (c *Client) fail(o op, err error) error {
	e := &APIError{Op: o.what, Permission: o.permission, err: err}
	var (
		rl     *rateLimitError
		er     *github.ErrorResponse
		ghRate *github.RateLimitError
		ghAbus *github.AbuseRateLimitError
		uerr   *url.Error
	)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		e.Message = "stopped: " + err.Error()
	case errors.As(err, &rl):
		e.Kind, e.Status, e.Reset = KindRateLimit, rl.Status, rl.Reset
		e.Message = rl.Error()
	case errors.As(err, &ghRate):
		// Not expected (the transport strips the headers go-github keys
		// on), kept so a rate limit is never reported as something else.
		e.Kind, e.Status, e.Reset = KindRateLimit, statusOf(ghRate.Response), ghRate.Rate.Reset.Time
		e.Message = fmt.Sprintf("GitHub API rate limit exceeded (resets at %s UTC): re-run the job after the reset", e.Reset.UTC().Format("15:04:05"))
	case errors.As(err, &ghAbus):
		e.Kind, e.Status = KindRateLimit, statusOf(ghAbus.Response)
		e.Message = "GitHub API secondary rate limit exceeded: re-run the job in a few minutes"
	case errors.As(err, &er):
		e.Status = statusOf(er.Response)
		e.Kind, e.Message = describeStatus(o, e.Status, er.Message)
	case errors.As(err, &uerr):
		e.Kind = KindNetwork
		e.Message = fmt.Sprintf("cannot reach the GitHub API (%v): check GITHUB_API_URL and the runner's network, then re-run the job", uerr.Err)
	default:
		e.Message = err.Error()
	}
	e.Message = c.redact(e.Message)
	e.Op = c.redact(e.Op)
	return e
}

func statusOf(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

func describeStatus(o op, status int, ghMessage string) (Kind, string) {
	said := ""
	if m := strings.TrimSpace(ghMessage); m != "" {
		said = fmt.Sprintf(" (GitHub: %q)", m)
	}
	switch {
	case status == http.StatusUnauthorized:
		return KindAuth, "401 Unauthorized" + said + ": the github-token input is invalid or expired; pass a valid token (the default ${{ github.token }} works)"
	case status == http.StatusForbidden:
		msg := "403 Forbidden" + said + ": the token lacks permission"
		if o.permission != "" {
			msg += fmt.Sprintf("; the job's permissions: block lacks %s, add it", o.permission)
		}
		return KindPermission, msg + " (on pull requests from forks the GITHUB_TOKEN is read-only whatever the block says)"
	case status == http.StatusNotFound:
		msg := "404 Not Found: the repository, pull request or path does not exist, or the token cannot see the repository"
		if o.permission != "" {
			msg += fmt.Sprintf("; check the names and give the job %s", o.permission)
		}
		return KindNotFound, msg
	case status >= 500:
		return KindServer, fmt.Sprintf("%d %s%s, still failing after the retries that are safe: GitHub is having trouble, re-run the job later", status, http.StatusText(status), said)
	default:
		return KindOther, fmt.Sprintf("%d %s%s", status, http.StatusText(status), said)
	}
}

// redact keeps the token out of every message, whatever a server echoes.
func (c *Client) redact(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "***")
}

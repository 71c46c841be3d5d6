package ghapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
)

// UpsertComment keeps one sticky comment on the pull request: it updates in
// place the first issue comment whose body contains marker (a hidden
// <!-- ... --> line), or creates it. body gets the marker appended when it
// lacks it, so the next run finds the comment. It returns the comment's
// html_url and whether it was created.
func (c *Client) UpsertComment(ctx context.Context, owner, repo string, number int, marker, body string) (string, bool, error) {
	what := fmt.Sprintf("update the report comment on pull request %s/%s#%d", owner, repo, number)
	if strings.TrimSpace(marker) == "" {
		return "", false, &APIError{Op: what, Message: "empty comment marker: it would match every comment (a bug in schemagate, please report it)"}
	}
	if !strings.Contains(body, marker) {
		body = strings.TrimRight(body, "\n") + "\n\n" + marker + "\n"
	}

	existing, err := c.findComment(ctx, owner, repo, number, marker)
	if err != nil {
		return "", false, err
	}
	if existing != nil {
		url, err := c.editComment(ctx, owner, repo, number, existing, body)
		return url, false, err
	}

	createOp := op{what, "pull-requests: write"}
	created, _, err := c.gh.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(body)})
	if err == nil {
		return created.GetHTMLURL(), true, nil
	}
	if !ambiguous(err) {
		return "", false, c.fail(createOp, err)
	}
	// A POST is not retried blindly: a 5xx or a dropped connection may hide
	// a comment that was created. Look again before creating once more.
	if again, ferr := c.findComment(ctx, owner, repo, number, marker); ferr == nil && again != nil {
		url, err := c.editComment(ctx, owner, repo, number, again, body)
		return url, true, err
	}
	created, _, err = c.gh.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return "", false, c.fail(createOp, err)
	}
	return created.GetHTMLURL(), true, nil
}

func (c *Client) editComment(ctx context.Context, owner, repo string, number int, existing *github.IssueComment, body string) (string, error) {
	if existing.GetBody() == body {
		return existing.GetHTMLURL(), nil
	}
	o := op{fmt.Sprintf("update the report comment on pull request %s/%s#%d", owner, repo, number), "pull-requests: write"}
	updated, _, err := c.gh.Issues.EditComment(ctx, owner, repo, existing.GetID(), &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return "", c.fail(o, err)
	}
	return updated.GetHTMLURL(), nil
}

// findComment pages through the pull request's comments (oldest first) and
// stops at the first one carrying marker.
func (c *Client) findComment(ctx context.Context, owner, repo string, number int, marker string) (*github.IssueComment, error) {
	o := op{fmt.Sprintf("list the comments of pull request %s/%s#%d", owner, repo, number), "pull-requests: read"}
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: perPage}}
	for i := 0; ; i++ {
		list, resp, err := c.gh.Issues.ListComments(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, c.fail(o, err)
		}
		for _, cm := range list {
			if strings.Contains(cm.GetBody(), marker) {
				return cm, nil
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return nil, nil
		}
		if resp.NextPage <= opts.Page || i >= maxPages {
			return nil, c.fail(o, errors.New("the GitHub API's pagination does not advance (Link rel=\"next\" points back): report this, it is a server-side problem"))
		}
		opts.Page = resp.NextPage
	}
}

// ambiguous reports whether a failed POST may still have taken effect: the
// server failed or the connection broke after sending.
func ambiguous(err error) bool {
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		return er.Response != nil && er.Response.StatusCode >= 500
	}
	var rl *rateLimitError
	if errors.As(err, &rl) {
		return false
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

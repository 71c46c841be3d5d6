package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v60/github"
)

// ActionsBot is the login of the workflow's GITHUB_TOKEN (an installation
// token of the GitHub Actions app): the author of the comments it writes.
const ActionsBot = "github-actions[bot]"

// UpsertComment keeps one sticky comment on the pull request: it updates in
// place the first issue comment that the token's own identity wrote and
// whose body contains marker (a hidden <!-- ... --> line), or creates it. A
// marker comment by anyone else is never edited: anybody can paste the
// marker. body gets the marker appended when it lacks it, so the next run
// finds the comment. It returns the comment's html_url and whether it was
// created.
func (c *Client) UpsertComment(ctx context.Context, owner, repo string, number int, marker, body string) (string, bool, error) {
	what := fmt.Sprintf("update the report comment on pull request %s/%s#%d", owner, repo, number)
	if strings.TrimSpace(marker) == "" {
		return "", false, &APIError{Op: what, Message: "empty comment marker: it would match every comment (a bug in schemagate, please report it)"}
	}
	if !strings.Contains(body, marker) {
		body = strings.TrimRight(body, "\n") + "\n\n" + marker + "\n"
	}

	me, err := c.Identity(ctx)
	if err != nil {
		return "", false, err
	}
	existing, err := c.findComment(ctx, owner, repo, number, marker, me)
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
	if again, ferr := c.findComment(ctx, owner, repo, number, marker, me); ferr == nil && again != nil {
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
// stops at the first one that me wrote carrying marker.
func (c *Client) findComment(ctx context.Context, owner, repo string, number int, marker, me string) (*github.IssueComment, error) {
	o := op{fmt.Sprintf("list the comments of pull request %s/%s#%d", owner, repo, number), "pull-requests: read"}
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: perPage}}
	for i := 0; ; i++ {
		list, resp, err := c.gh.Issues.ListComments(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, c.fail(o, err)
		}
		for _, cm := range list {
			if strings.Contains(cm.GetBody(), marker) && strings.EqualFold(cm.GetUser().GetLogin(), me) {
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

// Identity is the login that comments written with the token carry: GET
// /user for a user's token; an installation token (the GITHUB_TOKEN, a
// GitHub App's) gets 403 there, and then the GraphQL viewer names the app's
// bot, falling back to ActionsBot when GraphQL is unavailable.
func (c *Client) Identity(ctx context.Context) (string, error) {
	o := op{"find the token's login (GET /user)", ""}
	u, _, err := c.gh.Users.Get(ctx, "")
	if err == nil && u.GetLogin() != "" {
		return u.GetLogin(), nil
	}
	var er *github.ErrorResponse
	if err == nil || !errors.As(err, &er) || statusOf(er.Response) != http.StatusForbidden {
		if err == nil {
			err = errors.New("GitHub answered without a login")
		}
		return "", c.fail(o, err)
	}
	if login, gerr := c.viewer(ctx); gerr == nil && login != "" {
		// An installation token acts as its app's bot, which REST (the
		// comments' user.login) names with a "[bot]" suffix.
		if !strings.HasSuffix(login, "[bot]") {
			login += "[bot]"
		}
		return login, nil
	}
	return ActionsBot, nil
}

// viewer asks GraphQL for the token's login (installation tokens included).
func (c *Client) viewer(ctx context.Context) (string, error) {
	req, err := c.gh.NewRequest(http.MethodPost, graphQLURL(c.gh.BaseURL), map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		return "", err
	}
	var out struct {
		Data struct {
			Viewer struct {
				Login string `json:"login"`
			} `json:"viewer"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if _, err := c.gh.Do(ctx, req, &out); err != nil {
		return "", err
	}
	if len(out.Errors) > 0 {
		return "", errors.New(out.Errors[0].Message)
	}
	return out.Data.Viewer.Login, nil
}

// graphQLURL is the GraphQL endpoint next to a REST base URL:
// https://api.github.com/graphql, or https://ghe.example.com/api/graphql
// for GHES's https://ghe.example.com/api/v3/.
func graphQLURL(base *url.URL) string {
	u := *base
	if p, ok := strings.CutSuffix(u.Path, "/v3/"); ok {
		u.Path = p + "/graphql"
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/graphql"
	}
	u.RawPath = ""
	return u.String()
}

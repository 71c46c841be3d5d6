package ghapi

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"

	"github.com/schemagate/schemagate/internal/changes"
)

// PullRequestFiles lists every file of the pull request, 100 per page,
// following the Link headers. Renames carry their previous path. It returns
// an error wrapping ErrTruncated, and no list, when the list may be
// incomplete: it reaches the API's 3000-file cap, or the pull request's
// changed_files counts more files than were listed.
func (c *Client) PullRequestFiles(ctx context.Context, owner, repo string, number int) ([]changes.Change, error) {
	prOp := op{fmt.Sprintf("read pull request %s/%s#%d", owner, repo, number), "pull-requests: read"}
	pr, _, err := c.gh.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return nil, c.fail(prOp, err)
	}
	changed := pr.GetChangedFiles()
	if changed > MaxPullRequestFiles {
		return nil, c.truncated(owner, repo, number, changed, 0)
	}

	filesOp := op{fmt.Sprintf("list the files of pull request %s/%s#%d", owner, repo, number), "pull-requests: read"}
	files, err := listAll(func(page int) ([]*github.CommitFile, *github.Response, error) {
		return c.gh.PullRequests.ListFiles(ctx, owner, repo, number, &github.ListOptions{Page: page, PerPage: perPage})
	})
	if err != nil {
		return nil, c.fail(filesOp, err)
	}
	if len(files) >= MaxPullRequestFiles || changed > len(files) {
		return nil, c.truncated(owner, repo, number, changed, len(files))
	}

	out := make([]changes.Change, 0, len(files))
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		ch, ok := toChange(f)
		if !ok {
			continue
		}
		key := string(ch.Status) + "\x00" + ch.PreviousPath + "\x00" + ch.Path
		if seen[key] {
			continue // a page boundary that shifted under a concurrent push
		}
		seen[key] = true
		out = append(out, ch)
	}
	return out, nil
}

func (c *Client) truncated(owner, repo string, number, changed, listed int) error {
	te := &changes.TruncatedError{Changed: changed, Listed: listed, Cap: MaxPullRequestFiles}
	return &APIError{
		Op:      fmt.Sprintf("list the files of pull request %s/%s#%d", owner, repo, number),
		Kind:    KindOther,
		Message: fmt.Sprintf("%v: take the file list from git instead, or split the pull request", te),
		err:     te,
	}
}

// toChange maps the files API's status to changes.Status. "changed" (mode
// or metadata only) counts as modified; "unchanged" is dropped; an unknown
// status counts as modified so a file is never lost.
func toChange(f *github.CommitFile) (changes.Change, bool) {
	ch := changes.Change{Path: f.GetFilename()}
	if ch.Path == "" {
		return ch, false
	}
	switch f.GetStatus() {
	case "added":
		ch.Status = changes.Added
	case "removed":
		ch.Status = changes.Removed
	case "renamed":
		ch.Status = changes.Renamed
		ch.PreviousPath = f.GetPreviousFilename()
	case "copied":
		ch.Status = changes.Copied
		ch.PreviousPath = f.GetPreviousFilename()
	case "unchanged":
		return ch, false
	default: // "modified", "changed", anything new
		ch.Status = changes.Modified
	}
	return ch, true
}

// Labels returns the names of the labels on the pull request as they are
// now (read live, so re-runs and labeled/unlabeled events see the current
// set), following pagination.
func (c *Client) Labels(ctx context.Context, owner, repo string, number int) ([]string, error) {
	o := op{fmt.Sprintf("list the labels of pull request %s/%s#%d", owner, repo, number), "pull-requests: read"}
	labels, err := listAll(func(page int) ([]*github.Label, *github.Response, error) {
		return c.gh.Issues.ListLabelsByIssue(ctx, owner, repo, number, &github.ListOptions{Page: page, PerPage: perPage})
	})
	if err != nil {
		return nil, c.fail(o, err)
	}
	names := make([]string, 0, len(labels))
	for _, l := range labels {
		if n := l.GetName(); n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}

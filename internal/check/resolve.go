package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
)

// resolve finds the change set for the event, per the contract's table:
// base-ref/head-ref override everything; pull requests use the API (git when
// there is no token or the list is truncated); push uses before..after;
// merge_group uses base_sha..head_sha.
func resolve(ctx context.Context, o Options) (*span, error) {
	cfg, ev := o.Cfg, o.Event
	switch {
	case cfg.BaseRef != "":
		head := cfg.HeadRef
		if head == "" {
			head = "HEAD"
		}
		return gitRange(ctx, cfg, cfg.BaseRef, head, "base-ref", "head-ref", "", false)
	case cfg.HeadRef != "":
		return nil, &config.InputError{Input: "base-ref", Reason: "head-ref is set but base-ref is empty: give both, such as base-ref: origin/main"}
	case ev.IsPullRequest():
		return pullRequest(ctx, o)
	case ev.Name == "merge_group":
		mg := ev.MergeGroup
		return gitRange(ctx, cfg, mg.BaseSHA, mg.HeadSHA, "merge_group.base_sha", "merge_group.head_sha",
			fmt.Sprintf("merge group %s..%s", mg.BaseSHA[:12], mg.HeadSHA[:12]), true)
	case ev.Name == "push":
		return push(ctx, cfg, ev)
	case ev.Name == "":
		return nil, &config.InputError{Input: "base-ref", Reason: "is required outside GitHub: give the revision to compare with, such as --base-ref origin/main"}
	default:
		return nil, &config.InputError{Input: "base-ref", Reason: fmt.Sprintf("is required for event %s, which carries no range: set base-ref (and head-ref) to the revisions to compare", ev.Name)}
	}
}

// openRepo opens the workspace's repository, able to fetch what a shallow
// clone lacks from origin.
func openRepo(cfg *config.Config) (*changes.Repo, error) {
	repo, err := changes.OpenRepo(cfg.Workspace)
	if err != nil {
		return nil, err
	}
	repo.EnableFetch(changes.Remote{Token: cfg.GitHubToken})
	return repo, nil
}

// gitRange compares two revisions: twoDot diffs their trees directly (a
// push's before..after, a merge group's base..head: no history needed),
// otherwise head is compared with its merge base with base.
func gitRange(ctx context.Context, cfg *config.Config, baseRev, headRev, baseWhat, headWhat, desc string, twoDot bool) (*span, error) {
	repo, err := openRepo(cfg)
	if err != nil {
		return nil, err
	}
	sp, err := func() (*span, error) {
		base, err := repo.Commit(ctx, baseRev, baseWhat)
		if err != nil {
			return nil, err
		}
		head, err := repo.Commit(ctx, headRev, headWhat)
		if err != nil {
			return nil, err
		}
		if desc == "" {
			desc = fmt.Sprintf("%s...%s", baseRev, headRev)
		}
		return gitSpan(ctx, repo, base, head, desc, twoDot)
	}()
	if err != nil {
		repo.Close()
	}
	return sp, err
}

// gitSpan diffs head against base (twoDot) or against its merge base with
// base (what the pull request would show). The migrations directories are
// read at head and at base later (readDir), once the config file says
// which. The span owns repo.
func gitSpan(ctx context.Context, repo *changes.Repo, base, head *object.Commit, desc string, twoDot bool) (*span, error) {
	from := base
	if !twoDot {
		var err error
		if from, err = repo.MergeBase(ctx, base, head); err != nil {
			return nil, err
		}
	}
	chs, err := repo.Diff(ctx, from, head)
	if err != nil {
		return nil, err
	}
	return &span{desc: desc, source: "git", changes: chs, base: base, repo: repo, headCommit: head}, nil
}

func push(ctx context.Context, cfg *config.Config, ev *event.Event) (*span, error) {
	p := ev.Push
	if p.Deleted || p.After == event.ZeroSHA {
		return &span{desc: "branch deletion", source: "git", deletion: true}, nil
	}
	repo, err := openRepo(cfg)
	if err != nil {
		return nil, err
	}
	sp, err := pushSpan(ctx, cfg, ev, repo)
	if err != nil {
		repo.Close()
	}
	return sp, err
}

func pushSpan(ctx context.Context, cfg *config.Config, ev *event.Event, repo *changes.Repo) (*span, error) {
	p := ev.Push
	head, err := repo.Commit(ctx, p.After, "push after")
	if err != nil {
		return nil, err
	}
	if p.Created || p.Forced || p.Before == event.ZeroSHA {
		// No usable before: compare with the default branch, as a pull
		// request from this branch would.
		if ev.DefaultBranch == "" {
			return nil, &config.InputError{Input: "base-ref", Reason: "a new branch or forced push needs the default branch, and the payload names none: set base-ref"}
		}
		base, err := repo.DefaultBranch(ctx, ev.DefaultBranch)
		if err != nil {
			return nil, err
		}
		why := "new branch"
		if p.Forced {
			why = "forced push"
		}
		return gitSpan(ctx, repo, base, head, fmt.Sprintf("push (%s) compared with %s: merge base...%s", why, ev.DefaultBranch, p.After[:12]), false)
	}
	base, err := repo.Commit(ctx, p.Before, "push before")
	if err != nil {
		return nil, err
	}
	return gitSpan(ctx, repo, base, head, fmt.Sprintf("push %s..%s", p.Before[:12], p.After[:12]), true)
}

func pullRequest(ctx context.Context, o Options) (*span, error) {
	cfg, ev := o.Cfg, o.Event
	pr := ev.PullRequest
	desc := fmt.Sprintf("pull request #%d: %s...%s", pr.Number, pr.BaseRef, pr.HeadSHA[:12])
	viaGit := func(reason string) (*span, error) {
		sp, err := gitRange(ctx, cfg, pr.BaseSHA, pr.HeadSHA, "pull_request.base.sha", "pull_request.head.sha", desc, false)
		if err != nil {
			if errors.Is(err, changes.ErrShallow) {
				return nil, fmt.Errorf("%s, and git cannot stand in: %w", reason, err)
			}
			return nil, err
		}
		sp.notes = append(sp.notes, reason+": used git instead")
		return sp, nil
	}
	if o.API == nil {
		return viaGit("no github-token to list the pull request's files")
	}
	files, err := o.API.PullRequestFiles(ctx, ev.Owner, ev.Repo, pr.Number)
	if errors.Is(err, changes.ErrTruncated) {
		var te *changes.TruncatedError
		if errors.As(err, &te) {
			return viaGit(fmt.Sprintf("pull request #%d: %v", pr.Number, te))
		}
		return viaGit(fmt.Sprintf("pull request #%d: GitHub's API file list may be incomplete (it lists at most 3,000 files)", pr.Number))
	}
	if err != nil {
		return nil, fmt.Errorf("list the files of pull request #%d: %w", pr.Number, err)
	}
	return &span{desc: desc, source: "github-api", changes: files, pr: pr}, nil
}

// apiDir reads one migrations directory for a pull request whose files came
// from the API: the head from the workspace (or git at the head), the base's
// names reconstructed from it and the file list, plus the base branch's
// live tip.
func apiDir(ctx context.Context, o Options, sp *span, rel, abs string) (*migDir, error) {
	pr := sp.pr
	head, note, err := prHead(ctx, o.Cfg, pr, rel, abs)
	if err != nil {
		return nil, err
	}
	if note != "" && !slices.Contains(sp.notes, note) {
		sp.notes = append(sp.notes, note)
	}
	md := &migDir{dir: rel, head: head}
	md.baseNames, err = reconstructBase(head, rel, sp.changes)
	if err != nil {
		return nil, err
	}
	// The base branch may have moved on since the pull request branched off;
	// its live tip is what a new migration must exceed.
	live, err := o.API.ListDir(ctx, o.Event.Owner, o.Event.Repo, pr.BaseRef, rel)
	if err != nil {
		sp.notes = append(sp.notes, fmt.Sprintf("could not list %s on %s (%v): versions compared with the checked-out tree only", rel, pr.BaseRef, err))
	}
	for _, n := range live {
		if !slices.Contains(md.baseNames, n) {
			md.baseNames = append(md.baseNames, n)
		}
	}
	return md, nil
}

// reconstructBase derives the base's file names from the checked-out
// migrations directory and the pull request's file list: drop what the pull
// request adds, restore what it removes or renames away. The checkout of a
// pull_request event is the merge commit, so this is the base branch's tip.
func reconstructBase(head fs.FS, dir string, files []changes.Change) ([]string, error) {
	names := map[string]bool{}
	if head != nil {
		entries, err := fs.ReadDir(head, ".")
		if err != nil {
			return nil, fmt.Errorf("read migrations directory %s: %w", dir, err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				names[e.Name()] = true
			}
		}
	}
	in := func(p string) (string, bool) {
		d, n := path.Split(p)
		return n, path.Clean(d) == path.Clean(dir) && n != ""
	}
	for _, c := range files {
		switch c.Status {
		case changes.Added, changes.Copied:
			if n, ok := in(c.Path); ok {
				delete(names, n)
			}
		case changes.Removed:
			if n, ok := in(c.Path); ok {
				names[n] = true
			}
		case changes.Renamed:
			if n, ok := in(c.Path); ok {
				delete(names, n)
			}
			if n, ok := in(c.PreviousPath); ok {
				names[n] = true
			}
		}
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// prHead returns the migrations directory as the pull request has it. The
// workspace serves when it is checked out at the pull request's head or at
// its merge commit (pull_request's default). pull_request_target checks out
// the base branch instead: then the head commit is read from git, and when
// the clone does not have it the check fails rather than lint the base's
// files as if they were the pull request's.
func prHead(ctx context.Context, cfg *config.Config, pr *event.PullRequest, rel, abs string) (fs.FS, string, error) {
	repo, err := openRepo(cfg)
	if err != nil {
		// No repository (files placed by other means): trust the workspace.
		head, err := headDir(rel, abs)
		return head, "the workspace is not a git checkout: migrations were read from it as they are", err
	}
	defer repo.Close()
	if repo.HeadIs(pr.HeadSHA) {
		head, err := headDir(rel, abs)
		return head, "", err
	}
	c, err := repo.Commit(ctx, pr.HeadSHA, "pull_request.head.sha")
	if err != nil {
		return nil, "", &config.InputError{Input: "migrations-path", Reason: fmt.Sprintf(
			"the workspace is checked out at neither the pull request's head %s nor its merge commit (pull_request_target checks out the base branch), and the clone lacks the head commit: check out ref: ${{ github.event.pull_request.head.sha }} with actions/checkout (schemagate reads the files, it never runs them)", pr.HeadSHA[:12])}
	}
	dir, err := repo.RelPath(abs)
	if err != nil {
		return nil, "", &config.InputError{Input: "migrations-path", Reason: err.Error()}
	}
	head, err := repo.Dir(c, dir)
	return head, "the workspace is not the pull request's head: migrations were read from git at " + pr.HeadSHA[:12], err
}

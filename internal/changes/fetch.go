package changes

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// actions/checkout fetches one commit by default. A two-dot range needs only
// the trees of its two ends, so the missing end is fetched alone (depth 1);
// a merge base needs history, so the clone is deepened step by step, as
// dorny/paths-filter does, up to maxDeepen commits from each end.
const (
	maxDeepen  = 1024
	firstDepth = 16
	// fetchRef is where fetched commits are held while schemagate reads
	// them: a namespace of its own, so no branch or tag of the checkout
	// moves.
	fetchRef = "refs/schemagate/"
)

// nextDepth is the next step of the deepening: 16, 64, 256, 1024.
func nextDepth(d int) int {
	if d == 0 {
		return firstDepth
	}
	return min(d*4, maxDeepen)
}

// Remote is how a shallow clone reaches origin for the commits it lacks.
type Remote struct {
	// Token is github-token: used as the password of x-access-token over
	// HTTPS when the checkout did not persist its own credentials.
	Token string
}

// FetchError is a fetch from origin that failed.
type FetchError struct {
	What string
	Err  error
}

func (e *FetchError) Error() string { return fmt.Sprintf("fetch %s from origin: %v", e.What, e.Err) }
func (e *FetchError) Unwrap() error { return e.Err }

// EnableFetch lets the repository fetch what the clone lacks from its
// origin remote. Without it, missing history is an error at once.
func (g *Repo) EnableFetch(r Remote) { g.remote = &r }

// fetch fetches refspecs from origin at depth, without tags, and drops the
// refs it created (the objects stay for this run).
func (g *Repo) fetch(ctx context.Context, depth int, specs ...config.RefSpec) error {
	what := make([]string, len(specs))
	for i, s := range specs {
		what[i] = s.Src()
	}
	fail := func(err error) error {
		return &FetchError{What: fmt.Sprintf("%s (depth %d)", strings.Join(what, ", "), depth), Err: err}
	}
	rem, err := g.r.Remote(git.DefaultRemoteName)
	if err != nil {
		return fail(fmt.Errorf("the clone has no remote %q: %w", git.DefaultRemoteName, err))
	}
	urls := rem.Config().URLs
	if len(urls) == 0 {
		return fail(fmt.Errorf("remote %q has no URL", git.DefaultRemoteName))
	}
	auth, err := g.auth(urls[0])
	if err != nil {
		return fail(err)
	}
	err = g.r.FetchContext(ctx, &git.FetchOptions{
		RemoteName: git.DefaultRemoteName, RefSpecs: specs, Depth: depth, Auth: auth, Tags: git.NoTags, Force: true,
	})
	for _, s := range specs {
		if dst := s.Dst(""); strings.HasPrefix(dst.String(), fetchRef) {
			_ = g.r.Storer.RemoveReference(dst)
		}
	}
	// The directory too: the container runs as root, and a root-owned
	// directory in the runner's .git would get in the way of later steps.
	_ = g.st.Filesystem().Remove(strings.TrimSuffix(fetchRef, "/"))
	if errors.Is(err, transport.ErrAuthenticationRequired) || errors.Is(err, transport.ErrAuthorizationFailed) {
		return fail(fmt.Errorf("%w: github-token (as x-access-token) cannot read the repository: give a token with contents: read, or leave actions/checkout's credentials in place", err))
	}
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fail(err)
	}
	return nil
}

// auth picks the credentials for url: those actions/checkout persisted (an
// http.<url>.extraheader "AUTHORIZATION: basic ..." in the local config),
// else github-token as x-access-token, else none (a public repository).
// Only HTTP(S) remotes get any.
func (g *Repo) auth(url string) (transport.AuthMethod, error) {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return nil, nil
	}
	cfg, err := g.r.Config()
	if err != nil {
		return nil, fmt.Errorf("read the clone's git config: %w", err)
	}
	if a := persistedAuth(cfg, url); a != nil {
		return a, nil
	}
	if g.remote.Token != "" {
		return &githttp.BasicAuth{Username: "x-access-token", Password: g.remote.Token}, nil
	}
	return nil, nil
}

// persistedAuth reads the extraheader actions/checkout writes for url's
// host (http.https://github.com/.extraheader).
func persistedAuth(cfg *config.Config, url string) transport.AuthMethod {
	sec := cfg.Raw.Section("http")
	for _, sub := range sec.Subsections {
		if !strings.HasPrefix(url, sub.Name) {
			continue
		}
		for _, h := range sub.OptionAll("extraheader") {
			name, val, ok := strings.Cut(h, ":")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "authorization") {
				continue
			}
			scheme, cred, ok := strings.Cut(strings.TrimSpace(val), " ")
			if !ok || !strings.EqualFold(scheme, "basic") {
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
			if err != nil {
				continue
			}
			if user, pass, ok := strings.Cut(string(raw), ":"); ok {
				return &githttp.BasicAuth{Username: user, Password: pass}
			}
		}
	}
	return nil
}

// fetchNote says in an error message why fetching did not help.
func fetchNote(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(" (%v)", err)
}

// Package event reads what the runner says about the run: the event name,
// ref and SHA from GITHUB_* variables, and the event payload from the file at
// GITHUB_EVENT_PATH. It keeps only the fields schemagate uses and checks
// them, so later code can trust them.
package event

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Event is the part of a workflow run's context schemagate uses.
type Event struct {
	// Name is GITHUB_EVENT_NAME ("" outside GitHub).
	Name string
	// Ref is GITHUB_REF, such as refs/heads/main.
	Ref string
	// SHA is GITHUB_SHA. For pull_request this is the merge commit, not the
	// PR head; use PullRequest.HeadSHA for that.
	SHA string

	Owner, Repo   string
	DefaultBranch string

	PullRequest *PullRequest
	Push        *Push
	MergeGroup  *MergeGroup
}

// PullRequest is the pull_request / pull_request_target payload.
type PullRequest struct {
	Number  int
	BaseRef string // branch name, such as main
	BaseSHA string
	HeadRef string
	HeadSHA string
	// ChangedFiles is the payload's count; 3000 or more means the API's
	// file list is truncated.
	ChangedFiles int
	// Labels as the payload saw them when the event fired.
	Labels []string
	// Fork is true when the head lives in another repository.
	Fork bool
}

// Push is the push payload.
type Push struct {
	Before, After   string
	Created, Forced bool
	Deleted         bool
}

// MergeGroup is the merge_group payload.
type MergeGroup struct {
	BaseSHA, HeadSHA string
	BaseRef, HeadRef string
}

// ZeroSHA is what push payloads carry as "before" for a new branch.
const ZeroSHA = "0000000000000000000000000000000000000000"

var shaRE = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// Load reads the event from the environment. Outside GitHub (no
// GITHUB_EVENT_NAME) it returns an empty event.
func Load(getenv func(string) string) (*Event, error) {
	name := getenv("GITHUB_EVENT_NAME")
	e := &Event{Name: name, Ref: getenv("GITHUB_REF"), SHA: getenv("GITHUB_SHA")}
	if owner, repo, ok := strings.Cut(getenv("GITHUB_REPOSITORY"), "/"); ok {
		e.Owner, e.Repo = owner, repo
	}
	if name == "" {
		return e, nil
	}
	path := getenv("GITHUB_EVENT_PATH")
	if path == "" {
		return e, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the event payload GITHUB_EVENT_PATH=%s: %w (the runner writes this file; outside GitHub unset GITHUB_EVENT_NAME or pass --base-ref)", path, err)
	}
	p, err := Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("event payload %s: %w", path, err)
	}
	p.Ref, p.SHA = e.Ref, e.SHA
	if p.Owner == "" {
		p.Owner, p.Repo = e.Owner, e.Repo
	}
	return p, nil
}

type payload struct {
	Repository *struct {
		Name          string `json:"name"`
		FullName      string `json:"full_name"`
		DefaultBranch string `json:"default_branch"`
		Owner         struct {
			Login string `json:"login"`
		} `json:"owner"`
	} `json:"repository"`
	PullRequest *struct {
		Number       int `json:"number"`
		ChangedFiles int `json:"changed_files"`
		Base         ref `json:"base"`
		Head         ref `json:"head"`
		Labels       []struct {
			Name string `json:"name"`
		} `json:"labels"`
	} `json:"pull_request"`
	Number     int    `json:"number"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Created    bool   `json:"created"`
	Forced     bool   `json:"forced"`
	Deleted    bool   `json:"deleted"`
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
		HeadSHA string `json:"head_sha"`
		BaseRef string `json:"base_ref"`
		HeadRef string `json:"head_ref"`
	} `json:"merge_group"`
}

type ref struct {
	Ref  string `json:"ref"`
	SHA  string `json:"sha"`
	Repo *struct {
		FullName string `json:"full_name"`
	} `json:"repo"`
}

// Parse decodes an event payload for event name. It fails when a field the
// event needs is missing or malformed.
func Parse(name string, data []byte) (*Event, error) {
	var p payload
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	e := &Event{Name: name}
	if p.Repository != nil {
		e.Owner, e.Repo = p.Repository.Owner.Login, p.Repository.Name
		if e.Owner == "" {
			e.Owner, _, _ = strings.Cut(p.Repository.FullName, "/")
		}
		e.DefaultBranch = p.Repository.DefaultBranch
	}
	switch name {
	case "pull_request", "pull_request_target":
		pr := p.PullRequest
		if pr == nil {
			return nil, fmt.Errorf("%s event has no pull_request object", name)
		}
		if err := checkSHA("pull_request.base.sha", pr.Base.SHA); err != nil {
			return nil, err
		}
		if err := checkSHA("pull_request.head.sha", pr.Head.SHA); err != nil {
			return nil, err
		}
		number := pr.Number
		if number == 0 {
			number = p.Number
		}
		if number <= 0 {
			return nil, fmt.Errorf("%s event has no pull request number", name)
		}
		out := &PullRequest{
			Number: number, BaseRef: pr.Base.Ref, BaseSHA: pr.Base.SHA,
			HeadRef: pr.Head.Ref, HeadSHA: pr.Head.SHA, ChangedFiles: pr.ChangedFiles,
		}
		for _, l := range pr.Labels {
			out.Labels = append(out.Labels, l.Name)
		}
		if pr.Head.Repo != nil && pr.Base.Repo != nil && pr.Head.Repo.FullName != pr.Base.Repo.FullName {
			out.Fork = true
		}
		e.PullRequest = out
	case "push":
		if err := checkSHA("after", p.After); err != nil {
			return nil, err
		}
		if err := checkSHA("before", p.Before); err != nil {
			return nil, err
		}
		e.Push = &Push{Before: p.Before, After: p.After, Created: p.Created, Forced: p.Forced, Deleted: p.Deleted}
	case "merge_group":
		mg := p.MergeGroup
		if mg == nil {
			return nil, fmt.Errorf("merge_group event has no merge_group object")
		}
		if err := checkSHA("merge_group.base_sha", mg.BaseSHA); err != nil {
			return nil, err
		}
		if err := checkSHA("merge_group.head_sha", mg.HeadSHA); err != nil {
			return nil, err
		}
		e.MergeGroup = &MergeGroup{BaseSHA: mg.BaseSHA, HeadSHA: mg.HeadSHA, BaseRef: mg.BaseRef, HeadRef: mg.HeadRef}
	}
	return e, nil
}

func checkSHA(field, v string) error {
	if !shaRE.MatchString(v) {
		return fmt.Errorf("field %s is %q, not a commit SHA", field, v)
	}
	return nil
}

// IsPullRequest reports whether the event is pull_request or pull_request_target.
func (e *Event) IsPullRequest() bool {
	return e.Name == "pull_request" || e.Name == "pull_request_target"
}

// RefName is the short branch or tag name of Ref (refs/heads/main -> main).
func (e *Event) RefName() string {
	for _, p := range []string{"refs/heads/", "refs/tags/"} {
		if s, ok := strings.CutPrefix(e.Ref, p); ok {
			return s
		}
	}
	return e.Ref
}

package gate

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/event"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	main := func(name, ref string) *event.Event {
		return &event.Event{Name: name, Ref: ref, DefaultBranch: "main"}
	}
	tests := []struct {
		name    string
		command string
		actions bool
		ev      *event.Event
		allowed []string
		refuse  string // "" = allowed
	}{
		{"pull_request", "migrate", true, main("pull_request", "refs/pull/7/merge"), nil, "never runs on pull_request events"},
		{"pull_request_target", "down", true, main("pull_request_target", "refs/heads/main"), nil, "never runs on pull_request_target events"},
		{"merge_group", "force", true, main("merge_group", "refs/heads/gh-readonly-queue/main/pr-1"), nil, "never runs on merge_group events"},
		{"pr even if ref allowed", "migrate", true, main("pull_request", "refs/heads/main"), []string{"**"}, "never runs on pull_request"},
		{"default branch", "migrate", true, main("workflow_dispatch", "refs/heads/main"), nil, ""},
		{"push default branch", "migrate", true, main("push", "refs/heads/main"), nil, ""},
		{"other branch by default", "migrate", true, main("workflow_dispatch", "refs/heads/feature"), nil, "ref refs/heads/feature is not in the default branch main"},
		{"tag by default", "force", true, main("push", "refs/tags/v1.0.0"), nil, "is not in the default branch"},
		{"short entry", "migrate", true, main("workflow_dispatch", "refs/heads/release"), []string{"release"}, ""},
		{"full entry", "migrate", true, main("workflow_dispatch", "refs/heads/release"), []string{"refs/heads/release"}, ""},
		{"glob", "migrate", true, main("workflow_dispatch", "refs/heads/release/2024"), []string{"release/*"}, ""},
		{"glob does not cross /", "migrate", true, main("workflow_dispatch", "refs/heads/release/2024/x"), []string{"release/*"}, "not in allowed-refs (release/*)"},
		{"tag glob", "migrate", true, main("push", "refs/tags/v1.2"), []string{"refs/tags/v*"}, ""},
		{"allowed-refs replaces default", "migrate", true, main("workflow_dispatch", "refs/heads/main"), []string{"prod"}, "not in allowed-refs (prod)"},
		{"no default branch", "migrate", true, &event.Event{Name: "workflow_dispatch", Ref: "refs/heads/main"}, nil, "names no default branch"},
		{"no ref", "migrate", true, &event.Event{Name: "workflow_dispatch", DefaultBranch: "main"}, nil, "GITHUB_REF is not set"},
		{"prefix is not a match", "migrate", true, main("push", "refs/heads/main-old"), nil, "is not in"},
		{"read-only commands pass", "plan", true, main("pull_request", "refs/pull/1/merge"), nil, ""},
		{"verify passes", "verify", true, main("pull_request", "refs/pull/1/merge"), nil, ""},
		{"CLI is not gated", "migrate", false, main("pull_request", "refs/pull/1/merge"), nil, ""},
		{"nil event", "down", true, nil, nil, "GITHUB_REF is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check(tt.command, tt.actions, tt.ev, tt.allowed)
			if tt.refuse == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var re *RefusedError
			if !errors.As(err, &re) || re.Command != tt.command {
				t.Fatalf("want RefusedError, got %v", err)
			}
			if !strings.Contains(err.Error(), tt.refuse) {
				t.Fatalf("%q does not contain %q", err, tt.refuse)
			}
		})
	}
}

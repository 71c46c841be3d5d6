// Package gate decides whether a command that changes the database
// (migrate, down, force) may run here: never on pull_request,
// pull_request_target or merge_group events, and only from the refs in
// allowed-refs (default: the repository's default branch). Outside GitHub
// (GITHUB_ACTIONS is not "true") nothing is gated: the CLI belongs to
// whoever runs it.
package gate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/schemagate/schemagate/internal/event"
)

// Writes are the commands the gate guards.
var Writes = []string{"migrate", "down", "force"}

// refused are the events whose code is not yet merged.
var refused = []string{"pull_request", "pull_request_target", "merge_group"}

// RefusedError is a gated command that may not run here (exit code 2).
type RefusedError struct {
	Command string
	Reason  string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("command %s refused: %s", e.Command, e.Reason)
}

// Check returns a *RefusedError when command may not run for ev. actions is
// whether this is a GitHub runner; allowed is the allowed-refs input.
func Check(command string, actions bool, ev *event.Event, allowed []string) error {
	if !actions || !slices.Contains(Writes, command) {
		return nil
	}
	refuse := func(format string, args ...any) error {
		return &RefusedError{Command: command, Reason: fmt.Sprintf(format, args...)}
	}
	if ev == nil {
		ev = &event.Event{}
	}
	if slices.Contains(refused, ev.Name) {
		return refuse("it changes the database and never runs on %s events, whose code is not merged yet. Run it in a separate job started by workflow_dispatch or by a push to the default branch, bound to an environment with required reviewers", ev.Name)
	}
	if ev.Ref == "" {
		return refuse("GITHUB_REF is not set, so the ref cannot be checked against allowed-refs")
	}
	patterns := allowed
	if len(patterns) == 0 {
		if ev.DefaultBranch == "" {
			return refuse("allowed-refs is empty and the %s event payload names no default branch: set allowed-refs (for example main)", orNone(ev.Name))
		}
		patterns = []string{ev.DefaultBranch}
	}
	for _, p := range patterns {
		if Match(p, ev.Ref) {
			return nil
		}
	}
	what := "allowed-refs (" + strings.Join(patterns, ", ") + ")"
	if len(allowed) == 0 {
		what = "the default branch " + ev.DefaultBranch + " (allowed-refs is empty)"
	}
	return refuse("ref %s is not in %s. Run it from an allowed ref, or add the ref to allowed-refs", ev.Ref, what)
}

// Match reports whether ref (refs/heads/main) matches an allowed-refs entry.
// An entry without the refs/ prefix names a branch ("main",
// "release/*"); "*" does not cross '/', "**" does.
func Match(pattern, ref string) bool {
	pattern = strings.TrimSpace(pattern)
	if pattern == "" {
		return false
	}
	if !strings.HasPrefix(pattern, "refs/") {
		pattern = "refs/heads/" + pattern
	}
	ok, err := doublestar.Match(pattern, ref)
	return err == nil && ok
}

func orNone(s string) string {
	if s == "" {
		return "(no)"
	}
	return s
}

package config

import "strings"

// zeroSHA is what GitLab (and git) put where there is no commit: the
// "before" of a branch's first push.
const zeroSHA = "0000000000000000000000000000000000000000"

// otherCI fills base-ref and head-ref from another CI system's variables
// when the user gave neither, so the same binary finds the change set there
// by itself. It returns a note saying where the range came from ("" when
// nothing was taken). GitHub's own events are read by internal/event.
func otherCI(getenv Getenv, c *Config) string {
	if c.BaseRef != "" || getenv("GITHUB_ACTIONS") == "true" || getenv("GITLAB_CI") != "true" {
		return ""
	}
	head := strings.TrimSpace(getenv("CI_COMMIT_SHA"))
	// A merge request pipeline: GitLab gives the merge base itself, so the
	// two-dot range base..head is the merge request's own changes.
	if base := strings.TrimSpace(getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA")); base != "" {
		c.BaseRef = base
		if c.HeadRef == "" {
			c.HeadRef = head
		}
		return "range from GitLab merge request !" + getenv("CI_MERGE_REQUEST_IID") + " (CI_MERGE_REQUEST_DIFF_BASE_SHA..CI_COMMIT_SHA)"
	}
	// A branch pipeline after a push: before..after, as for a GitHub push.
	if before := strings.TrimSpace(getenv("CI_COMMIT_BEFORE_SHA")); before != "" && before != zeroSHA {
		c.BaseRef = before
		if c.HeadRef == "" {
			c.HeadRef = head
		}
		return "range from the GitLab push (CI_COMMIT_BEFORE_SHA..CI_COMMIT_SHA)"
	}
	return ""
}

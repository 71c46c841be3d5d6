// Package changes finds which files a change set touches: from the GitHub
// API's pull request file list, or from git (a pure-Go implementation, so the
// container image needs no git binary) for pushes, merge groups and explicit
// ranges. It also reads the migrations directory at a revision.
package changes

import "errors"

// ErrTruncated is what a pull request file lister wraps when its list may
// be cut off (GitHub's API lists at most 3,000 files of a pull request).
var ErrTruncated = errors.New("the pull request's file list is truncated at GitHub's 3,000-file cap")

// Status is what happened to a file, in the vocabulary of GitHub's pull
// request files API.
type Status string

const (
	Added    Status = "added"
	Modified Status = "modified"
	Removed  Status = "removed"
	Renamed  Status = "renamed"
	Copied   Status = "copied"
)

// Change is one changed file. PreviousPath is set for renames (and copies):
// both paths count when classifying.
type Change struct {
	Path         string `json:"path"`
	PreviousPath string `json:"previous_path,omitempty"`
	Status       Status `json:"status"`
}

// Paths returns every path the changes touch, old and new sides of renames
// included.
func Paths(cs []Change) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Path)
		if c.PreviousPath != "" && c.PreviousPath != c.Path && c.Status == Renamed {
			out = append(out, c.PreviousPath)
		}
	}
	return out
}

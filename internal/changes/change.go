// Package changes finds which files a change set touches: from the GitHub
// API's pull request file list, or from git (a pure-Go implementation, so the
// container image needs no git binary) for pushes, merge groups and explicit
// ranges. It also reads the migrations directory at a revision.
package changes

import (
	"errors"
	"fmt"
)

// ErrTruncated is what a pull request file lister wraps when its list may
// be cut off (GitHub's API lists at most 3,000 files of a pull request).
var ErrTruncated = errors.New("the pull request's file list is truncated at GitHub's 3,000-file cap")

// TruncatedError says what the file lister observed: the pull request's
// changed_files count, the files it listed (0: it did not list), and the
// API's cap. It wraps ErrTruncated.
type TruncatedError struct {
	Changed, Listed, Cap int
}

func (e *TruncatedError) Error() string {
	switch {
	case e.Listed == 0 && e.Changed > e.Cap:
		return fmt.Sprintf("the pull request changes %d files, more than the %d that GitHub's API lists at most", e.Changed, e.Cap)
	case e.Listed >= e.Cap:
		return fmt.Sprintf("GitHub's API listed %d files, its cap, so the list may be cut off (the pull request's changed_files says %d)", e.Listed, e.Changed)
	default:
		return fmt.Sprintf("the GitHub API listed %d of the %d files that the pull request's changed_files counts", e.Listed, e.Changed)
	}
}

func (e *TruncatedError) Unwrap() error { return ErrTruncated }

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

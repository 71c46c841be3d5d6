// Package markdown owns what every Markdown sink needs to quote text
// literally: the backtick fence that no text inside can close.
package markdown

import "strings"

// Fence is a run of backticks longer than any run of backticks in s, and at
// least min long: as a code span's or a code block's delimiter, nothing in
// s can close it early.
func Fence(s string, min int) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(min, longest+1))
}

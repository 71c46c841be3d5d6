package classify

import "github.com/bmatcuk/doublestar/v4"

func matchSlow(p, path string) bool {
	ok, _ := doublestar.Match(p, path)
	return ok
}

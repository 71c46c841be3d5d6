// Package classify decides whether a changed path is schema, code or ignored,
// and whether a change set is schema, code, mixed or none. Globs follow the
// contract: "**" crosses directories, "*" does not, patterns match the path
// relative to the repository root, and dotfiles match like any other file.
// Matching is done by github.com/bmatcuk/doublestar/v4.
package classify

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Globs is a compiled list of patterns. Each pattern keeps its literal prefix
// and suffix so that most non-matching paths are rejected with two string
// comparisons before doublestar runs.
type Globs struct {
	patterns []pattern
}

type pattern struct {
	glob   string
	prefix string // literal text before the first meta character
	suffix string // literal text after the last meta character
	all    bool   // "**": matches every path
}

// ParseList splits an input value into patterns: one per line or
// comma-separated. Commas inside {a,b} alternatives do not split. Blank
// entries are dropped.
func ParseList(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		depth, start := 0, 0
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++ // an escaped character never splits or nests
			case '{':
				depth++
			case '}':
				if depth > 0 {
					depth--
				}
			case ',':
				if depth == 0 {
					out = appendTrimmed(out, line[start:i])
					start = i + 1
				}
			}
		}
		if start <= len(line) {
			out = appendTrimmed(out, line[start:])
		}
	}
	return out
}

func appendTrimmed(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// Compile validates and prepares patterns. A leading "./" or "/" is dropped,
// since paths are always relative to the repository root.
func Compile(patterns []string) (*Globs, error) {
	g := &Globs{patterns: make([]pattern, 0, len(patterns))}
	for _, p := range patterns {
		p = strings.TrimPrefix(strings.TrimPrefix(p, "./"), "/")
		if p == "" {
			continue
		}
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("bad glob %q: check brackets and braces are closed and a trailing backslash escapes something", p)
		}
		g.patterns = append(g.patterns, compilePattern(p))
	}
	return g, nil
}

func compilePattern(p string) pattern {
	const meta = `*?[{\`
	pt := pattern{glob: p, all: p == "**"}
	if i := strings.IndexAny(p, meta); i >= 0 {
		pt.prefix = p[:i]
		pt.suffix = p[strings.LastIndexAny(p, `*?[]{}\`)+1:]
	} else {
		pt.prefix, pt.suffix = p, p
	}
	return pt
}

// Match reports whether path matches any pattern.
func (g *Globs) Match(path string) bool {
	for i := range g.patterns {
		p := &g.patterns[i]
		if p.all {
			return true
		}
		if !strings.HasPrefix(path, p.prefix) || !strings.HasSuffix(path, p.suffix) {
			continue
		}
		if ok, _ := doublestar.Match(p.glob, path); ok {
			return true
		}
	}
	return false
}

// Len is the number of patterns.
func (g *Globs) Len() int { return len(g.patterns) }

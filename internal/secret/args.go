package secret

import (
	"regexp"
	"strconv"
	"strings"
)

// tokenShape matches the tokens a runner or a user may hand over: GitHub's
// (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), JSON web tokens (the
// runner's ACTIONS_RUNTIME_TOKEN, OIDC tokens), and bearer-style strings.
var tokenShape = regexp.MustCompile(`^(gh[pousr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]*|(?i:bearer)\s+\S{8,})$`)

// LooksSecret says whether a value given where no secret is expected (a
// command-line argument, another input) must be treated as one: a URL with
// a password or a secret query parameter, or a token.
func LooksSecret(s string) bool {
	s = strings.TrimSpace(s)
	if tokenShape.MatchString(s) {
		return true
	}
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return false
	}
	if at := strings.LastIndex(rest, "@"); at > 0 && strings.Contains(rest[:at], ":") {
		return true
	}
	return len(paramValues(s)) > 0
}

// ShowArg is how a usage error may quote a command-line argument: quoted
// when it is plainly a word, a number or a path; otherwise (a URL, a
// token, anything with credentials or control characters) only by its
// position, so a secret typed in the wrong place is never echoed.
func ShowArg(i int, arg string) string {
	if plainArg.MatchString(arg) && !LooksSecret(arg) {
		return `"` + arg + `"`
	}
	return "number " + strconv.Itoa(i+1) + " (not shown: it could hold a secret)"
}

var plainArg = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}$`)

// Args returns the secrets on a command line: the value of every flag in
// secretFlags (--database-url value or --database-url=value) and every
// argument that LooksSecret.
func Args(args []string, secretFlags ...string) []string {
	var out []string
	isSecretFlag := func(name string) bool {
		for _, f := range secretFlags {
			if name == f {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if LooksSecret(a) {
			out = append(out, a)
		}
		name, ok := strings.CutPrefix(a, "--")
		if !ok {
			continue
		}
		if n, v, has := strings.Cut(name, "="); has {
			if isSecretFlag(n) {
				out = append(out, v)
			}
			continue
		}
		if isSecretFlag(name) && i+1 < len(args) {
			out = append(out, args[i+1])
		}
	}
	return out
}

// ShowWord is how a usage error may quote what should be a command or flag
// name: only when it is shaped like one (lower-case letters, digits and
// hyphens), otherwise by its position (see ShowArg).
func ShowWord(i int, word string) string {
	if wordShape.MatchString(word) {
		return `"` + word + `"`
	}
	return ShowArg(i, "\x00")
}

var wordShape = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)

package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagate/schemagate/internal/secret"
)

// Getenv is the shape of os.Getenv, the seam tests replace with a map.
type Getenv func(string) string

// EnvName is the variable the runner sets for input name: INPUT_ and the name
// in upper case, hyphens kept (the runner does not replace them).
func EnvName(name string) string {
	return "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, " ", "_"))
}

// UsageError is bad command-line usage (exit code 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Overlay parses CLI arguments ("<command> [--input-name value | --input-name=value ...]")
// and returns a getenv in which INPUT_* variables resolve, in order, to the
// flag, the environment variable, then the manifest default. Everything else
// passes through to getenv. The action itself is started with no arguments,
// so on a runner only INPUT_* and the defaults apply.
func Overlay(args []string, getenv Getenv) (Getenv, error) {
	flags := map[string]string{}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if !slices.Contains(Commands, args[0]) {
			return nil, &UsageError{fmt.Sprintf("unknown command %s: valid commands are %s", secret.ShowWord(0, args[0]), strings.Join(Commands, ", "))}
		}
		flags["command"] = args[0]
		args = args[1:]
	}
	// Messages quote an argument only when it cannot be a secret (see
	// secret.ShowArg): a database URL or a token typed in the wrong place
	// is named by its position.
	first := 0
	if _, ok := flags["command"]; ok {
		first = 1
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		pos := first + i
		name, ok := strings.CutPrefix(arg, "--")
		if !ok {
			hint := "flags are --input-name value (run schemagate --help)"
			if secret.LooksSecret(arg) {
				hint = "it looks like a database URL or a token: pass a database URL as --database-url or env DATABASE_URL (from a secret), a token as env GITHUB_TOKEN"
			}
			return nil, &UsageError{fmt.Sprintf("unexpected argument %s: %s", secret.ShowArg(pos, arg), hint)}
		}
		name, value, hasValue := strings.Cut(name, "=")
		if _, known := Lookup(name); !known {
			flag := "--" + name
			if w := secret.ShowWord(pos, name); !strings.HasPrefix(w, `"`) {
				flag = w
			}
			return nil, &UsageError{fmt.Sprintf("unknown flag %s: flags are named like the inputs (%s)", flag, strings.Join(inputNames(), ", "))}
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, &UsageError{fmt.Sprintf("flag --%s needs a value", name)}
			}
			i++
			value = args[i]
		}
		flags[name] = value
	}
	byEnv := map[string]Input{}
	for _, in := range Inputs {
		byEnv[EnvName(in.Name)] = in
	}
	return func(key string) string {
		in, ok := byEnv[key]
		if !ok {
			return getenv(key)
		}
		if v, ok := flags[in.Name]; ok {
			return v
		}
		if v := getenv(key); strings.TrimSpace(v) != "" {
			return v
		}
		if in.Default == TokenDefault {
			return getenv("GITHUB_TOKEN")
		}
		return in.Default
	}, nil
}

func inputNames() []string {
	names := make([]string, len(Inputs))
	for i, in := range Inputs {
		names[i] = in.Name
	}
	return names
}

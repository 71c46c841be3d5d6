package check

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/config"
)

// maxSuggestions is how many candidate migrations directories an error
// names.
const maxSuggestions = 3

// checkPaths fails a check whose migrations-path or schema-paths match
// nothing at the base and nothing at the head: such a check can only pass,
// whatever the change set holds, so it is a misconfiguration, not a
// verdict. A directory that the change set itself creates exists at the
// head, so it passes.
//
// A unit of the config file is checked the same way; the error then names
// the unit and config-file, where the fix goes.
func checkPaths(cfg *config.Config, sp *span, u config.Unit, md *migDir, class classify.Result) error {
	if sp.deletion {
		return nil
	}
	fail := func(input, reason string) error {
		if u.Name == "" {
			return &config.InputError{Input: input, Reason: reason}
		}
		return &config.InputError{Input: "config-file", Reason: fmt.Sprintf("unit %s: %s %s", u.Name, input, reason)}
	}
	if !hasFiles(md.head) && len(md.baseNames) == 0 {
		return fail("migrations-path", fmt.Sprintf(
			"%q holds no file at the base nor at the head (%s), so no migration would ever be linted or count as schema: %s",
			u.MigrationsPath, sp.desc, suggest(cfg, sp, "set migrations-path to the directory that holds your *.up.* migration files")))
	}
	if !u.SchemaPathsSet || len(class.Schema) > 0 {
		return nil
	}
	rules := classify.Rules{Ignore: cfg.Rules.Ignore, Schema: u.Schema, Code: u.Code}
	matched := false
	err := walkHead(cfg, sp, func(p string) bool {
		matched = rules.Class(p) == classify.ClassSchema
		return !matched
	})
	if err != nil {
		return err
	}
	if !matched {
		return fail("schema-paths", fmt.Sprintf(
			"matches no file of the change set nor of the head (%s), so nothing would ever count as schema (an ignore-paths match comes first): %s",
			sp.desc, suggest(cfg, sp, "give globs that match your migration files, such as db/migrations/**, or leave schema-paths empty for <migrations-path>/**")))
	}
	return nil
}

// suggest names the directories of the checkout that hold *.up.* files
// (the most first), or says there are none, followed by fix.
func suggest(cfg *config.Config, sp *span, fix string) string {
	count := map[string]int{}
	err := walkHead(cfg, sp, func(p string) bool {
		if strings.Contains(path.Base(p), ".up.") {
			count[path.Dir(p)]++
		}
		return true
	})
	if err != nil || len(count) == 0 {
		return fix + " (no directory of the checkout holds *.up.* files yet: point it where the first migration will go, and add it in the same change set)"
	}
	dirs := make([]string, 0, len(count))
	for d := range count {
		dirs = append(dirs, d)
	}
	slices.SortFunc(dirs, func(a, b string) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a, b))
	})
	if len(dirs) > maxSuggestions {
		dirs = dirs[:maxSuggestions]
	}
	return fmt.Sprintf("did you mean %s? %s", strings.Join(dirs, " or "), fix)
}

// walkHead calls fn with every file path (relative to the repository root)
// at the change set's head: from git when the span has the commit,
// otherwise from the workspace, skipping .git and node_modules.
func walkHead(cfg *config.Config, sp *span, fn func(p string) bool) error {
	if sp.repo != nil && sp.headCommit != nil {
		return sp.repo.Walk(sp.headCommit, fn)
	}
	stop := errors.New("stop")
	err := fs.WalkDir(os.DirFS(cfg.Workspace), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable directory holds no suggestion
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && !fn(p) {
			return stop
		}
		return nil
	})
	if errors.Is(err, stop) {
		return nil
	}
	return err
}

// hasFiles reports whether fsys holds a file at any depth.
func hasFiles(fsys fs.FS) bool {
	if fsys == nil {
		return false
	}
	found := errors.New("found")
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			return found
		}
		return nil
	})
	return errors.Is(err, found)
}

package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/window"
)

// Config is the validated form of every input. Commands receive a Config and
// never read the environment themselves.
type Config struct {
	Command string

	// Workspace is the absolute workspace directory (GITHUB_WORKSPACE, or
	// the working directory outside GitHub).
	Workspace string
	// MigrationsPath is the migrations directory relative to Workspace,
	// slash-separated and clean ("db/migrations").
	MigrationsPath string
	// MigrationsDir is the absolute migrations directory.
	MigrationsDir string

	DatabaseURL string

	Rules classify.Rules
	// SchemaPathsSet is true when schema-paths was given (not the default
	// <migrations-path>/**): then it must match some file.
	SchemaPathsSet bool

	AllowMixedLabel string
	GitHubToken     string
	BaseRef         string
	HeadRef         string
	// RangeNote says where BaseRef and HeadRef came from when another CI
	// system's variables supplied them (GitLab); "" otherwise.
	RangeNote string
	Comment   bool

	// TargetVersion is set when HasTargetVersion.
	TargetVersion    uint
	HasTargetVersion bool
	Steps            int
	// Version is set when HasVersion; -1 means "no version".
	Version     int
	HasVersion  bool
	LockTimeout time.Duration
	AllowedRefs []string
	RequireDown bool
	SQLDialect  string

	// ConfigFile is the config file's path relative to Workspace;
	// ConfigFileNamed is true when the user gave it (then it must exist).
	ConfigFile      string
	ConfigFileNamed bool
	// Unit is the unit input; UnitName the unit the command works on after
	// ApplyFile ("" without a config file).
	Unit     string
	UnitName string
	// File is the parsed config file of a database command (nil when there
	// is none). check reads the file at the base revision itself.
	File *File
	// RuleSeverity (rule id -> off, warning or error), PostgresVersion
	// (major, 0: not set) and MySQLVersion ("": not set) are the config
	// file's rule settings for the SQL rules: set by ApplyFile for the
	// database commands, and by check from the base's config file.
	RuleSeverity    map[string]string
	PostgresVersion int
	MySQLVersion    string
	// HistoryTable is the history table ("" for none), as given: an
	// identifier, optionally schema-qualified, that each engine quotes.
	HistoryTable string
	// MigrationWindows are the windows migrate and down run in (none: any
	// time).
	MigrationWindows []window.Window
	// StatementLockTimeout is the migration session's lock timeout, 0 for
	// none; LockRetries how often migrate retries a migration it failed.
	StatementLockTimeout time.Duration
	LockRetries          int
	// SeedFile is the seed-file relative to Workspace ("" for none);
	// SeedPath the absolute file.
	SeedFile, SeedPath string
	RehearseRows       int
	ScratchDatabaseURL string
	// SARIFFile is the absolute path to write SARIF to; "" for none.
	SARIFFile string
}

// InputError is an input whose value cannot be used (exit code 2). Its
// message names the input, what is wrong, and what would be accepted.
type InputError struct {
	Input  string
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("input %s: %s", e.Input, e.Reason)
}

func inputErr(name, format string, args ...any) error {
	return &InputError{Input: name, Reason: fmt.Sprintf(format, args...)}
}

// Load reads every input through getenv (see Overlay) and validates it.
// All problems are reported together.
func Load(getenv Getenv) (*Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(EnvName(name))) }
	c := &Config{}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	c.Command = strings.ToLower(get("command"))
	if !slices.Contains(Commands, c.Command) {
		add(inputErr("command", "unknown command %q: valid commands are %s", c.Command, strings.Join(Commands, ", ")))
	}

	ws, err := workspace(getenv)
	add(err)
	c.Workspace = ws
	if ws != "" {
		c.MigrationsPath, c.MigrationsDir, err = MigrationsDir(ws, get("migrations-path"))
		add(err)
	}

	c.DatabaseURL = get("database-url")
	if c.DatabaseURL == "" {
		c.DatabaseURL = strings.TrimSpace(getenv("DATABASE_URL"))
	}

	schema := ParseList(get("schema-paths"))
	c.SchemaPathsSet = len(schema) > 0
	if len(schema) == 0 && c.MigrationsPath != "" {
		schema = []string{escapeGlob(c.MigrationsPath) + "/**"}
	}
	c.Rules.Schema, err = compileInput("schema-paths", schema)
	add(err)
	c.Rules.Code, err = compileInput("code-paths", ParseList(get("code-paths")))
	add(err)
	c.Rules.Ignore, err = compileInput("ignore-paths", ParseList(get("ignore-paths")))
	add(err)

	c.AllowMixedLabel = get("allow-mixed-label")
	c.GitHubToken = get("github-token")
	if c.GitHubToken == TokenDefault {
		c.GitHubToken = ""
	}
	c.BaseRef = get("base-ref")
	c.HeadRef = get("head-ref")
	c.RangeNote = otherCI(getenv, c)

	c.Comment, err = parseBool("comment", get("comment"))
	add(err)
	c.RequireDown, err = parseBool("require-down", get("require-down"))
	add(err)

	if v := get("target-version"); v != "" {
		n, perr := strconv.ParseUint(v, 10, 64)
		if perr != nil {
			add(inputErr("target-version", "%q is not a migration version: give a whole number >= 0 (the number a migration file name starts with), or leave it empty for the latest", v))
		} else {
			c.TargetVersion, c.HasTargetVersion = uint(n), true
		}
	}

	steps := get("steps")
	n, perr := strconv.Atoi(steps)
	if perr != nil || n < 1 {
		add(inputErr("steps", "%q is not a number of migrations to roll back: give a whole number >= 1", steps))
	}
	c.Steps = n

	if v := get("version"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < -1 {
			add(inputErr("version", "%q is not a version: give a whole number >= 0, or -1 for no version", v))
		} else {
			c.Version, c.HasVersion = n, true
		}
	} else if c.Command == "force" {
		add(inputErr("version", "command force needs the version to set: give the last version that applied completely (a whole number, or -1 for none)"))
	}

	lt := get("lock-timeout")
	d, perr := time.ParseDuration(lt)
	if perr != nil || d <= 0 {
		add(inputErr("lock-timeout", "%q is not a positive Go duration: use a value such as 30s, 5m or 1h", lt))
	}
	c.LockTimeout = d

	c.AllowedRefs = ParseList(get("allowed-refs"))
	for _, r := range c.AllowedRefs {
		if _, err := classify.Compile([]string{r}); err != nil {
			add(inputErr("allowed-refs", "%v", err))
		}
	}

	c.ConfigFile, c.ConfigFileNamed, err = configFilePath(ws, get("config-file"))
	add(err)
	c.Unit = get("unit")

	c.SQLDialect = strings.ToLower(get("sql-dialect"))
	if !slices.Contains(Dialects, c.SQLDialect) {
		add(inputErr("sql-dialect", "unknown dialect %q: valid dialects are %s", c.SQLDialect, strings.Join(Dialects, ", ")))
	}

	c.HistoryTable, err = parseHistoryTable(get("history-table"))
	add(err)
	c.MigrationWindows, err = parseWindows(get("migration-windows"))
	add(err)
	c.StatementLockTimeout, err = parseStatementLockTimeout(get("statement-lock-timeout"))
	add(err)
	c.LockRetries, err = parseLockRetries(get("lock-retries"))
	add(err)
	if v := get("seed-file"); v != "" && ws != "" {
		c.SeedFile, c.SeedPath, err = workspaceFile(ws, "seed-file", v)
		add(err)
	}
	rows := get("rehearse-rows")
	if n, perr := strconv.Atoi(rows); perr != nil || n < 0 || n > MaxRehearseRows {
		add(inputErr("rehearse-rows", "%q is not a number of rows: give a whole number from 0 to %d", rows, MaxRehearseRows))
	} else {
		c.RehearseRows = n
	}
	c.ScratchDatabaseURL = get("scratch-database-url")

	if v := get("sarif-file"); v != "" {
		c.SARIFFile, err = sarifPath(ws, v)
		add(err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// MaxRehearseRows bounds rehearse-rows: a rehearsal is a pull request
// check, not a load test.
const MaxRehearseRows = 1_000_000

// workspaceFile validates an input naming a file in the workspace: relative,
// inside it also after symlinks are resolved.
func workspaceFile(ws, input, p string) (rel, abs string, err error) {
	clean := filepath.Clean(filepath.FromSlash(p))
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", "", inputErr(input, "%q is not inside the workspace: give a path relative to it, such as db/seed.sql", p)
	}
	abs = filepath.Join(ws, clean)
	if _, out, err := leaves(ws, abs); err != nil {
		return "", "", err
	} else if out {
		return "", "", inputErr(input, "%q is a symlink that leads outside the workspace: give a file inside the repository", p)
	}
	return filepath.ToSlash(clean), abs, nil
}

// ParseList splits a list input: one entry per line or comma-separated.
func ParseList(s string) []string { return classify.ParseList(s) }

func compileInput(name string, patterns []string) (*classify.Globs, error) {
	g, err := classify.Compile(patterns)
	if err != nil {
		return nil, inputErr(name, "%v", err)
	}
	return g, nil
}

func parseBool(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "yes", "1", "on":
		return true, nil
	case "false", "no", "0", "off", "":
		return false, nil
	}
	return false, inputErr(name, "%q is not a boolean: use true or false", v)
}

func workspace(getenv Getenv) (string, error) {
	ws := getenv("GITHUB_WORKSPACE")
	if ws == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("find the working directory: %w", err)
		}
		ws = wd
	}
	abs, err := filepath.Abs(ws)
	if err != nil {
		return "", fmt.Errorf("GITHUB_WORKSPACE %q: %w", ws, err)
	}
	return abs, nil
}

// MigrationsDir validates the migrations-path input against the workspace: it
// must be relative and stay inside the workspace, also after symlinks are
// resolved. It returns the clean relative path and the absolute directory. A
// directory that does not exist is not an error here (a repository may have
// no migrations yet); commands that need it say so.
func MigrationsDir(workspace, p string) (rel, abs string, err error) {
	const name = "migrations-path"
	if p == "" {
		return "", "", inputErr(name, "is empty: give the migrations directory relative to the workspace, such as migrations or db/migrations")
	}
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) {
		return "", "", inputErr(name, "%q is absolute: give a path relative to the workspace, such as migrations", p)
	}
	clean := filepath.Clean(filepath.FromSlash(p))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", "", inputErr(name, "%q leaves the workspace: give a directory inside it", p)
	}
	abs = filepath.Join(workspace, clean)
	if real, out, err := leaves(workspace, abs); err != nil {
		return "", "", err
	} else if out {
		return "", "", inputErr(name, "%q is a symlink that leads outside the workspace (to %s): point it at a directory inside the repository", p, real)
	}
	return filepath.ToSlash(clean), abs, nil
}

// leaves reports whether abs, once its symlinks are resolved, lies outside
// the workspace (and where it leads). A path that does not exist yet does
// not leave it.
func leaves(workspace, abs string) (real string, out bool, err error) {
	realWS, err := filepath.EvalSymlinks(workspace)
	if err != nil {
		return "", false, fmt.Errorf("resolve workspace %q: %w", workspace, err)
	}
	real, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return "", false, nil
	}
	r, err := filepath.Rel(realWS, real)
	return real, err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)), nil
}

// escapeGlob quotes the glob meta characters of a literal path.
func escapeGlob(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[]{}\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sarifPath resolves the sarif-file input against the workspace. An
// absolute path (${{ runner.temp }}/x.sarif) is used as given.
func sarifPath(ws, v string) (string, error) {
	p := filepath.FromSlash(v)
	if !filepath.IsAbs(p) {
		p = filepath.Join(ws, p)
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return "", inputErr("sarif-file", "%q is a directory: give a file path such as schemagate.sarif", v)
	}
	return p, nil
}

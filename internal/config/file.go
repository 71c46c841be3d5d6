package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/schemagate/schemagate/internal/classify"
)

// DefaultConfigFile is the config-file input's default. A missing file with
// this name is not an error (the inputs then describe one unit); a missing
// file the user named is.
const DefaultConfigFile = ".schemagate.yml"

// maxConfigFile bounds how much of a config file is read: it is a few lines
// of YAML, and a pull request must not make the check read a huge file.
const maxConfigFile = 1 << 20

// MaxConfigFile is the largest config file schemagate reads, from the work
// tree, from git or from GitHub's contents API.
const MaxConfigFile = maxConfigFile

// Unit is one deploy unit: a migrations directory, the paths that count as
// its schema and its code, and the dialect of its SQL. A change set is mixed
// when one unit has both schema and code.
type Unit struct {
	// Name is the unit's name; "" for the single unit the inputs describe
	// when there is no config file.
	Name string
	// MigrationsPath is relative to the workspace, slash-separated and clean.
	MigrationsPath string
	// MigrationsDir is the absolute directory.
	MigrationsDir string
	// Schema and Code are the unit's globs (ignore-paths is shared).
	Schema, Code *classify.Globs
	SQLDialect   string
	// SchemaPathsSet is true when the unit's schema-paths were given (in
	// the unit, or as the input for a unit without its own
	// migrations-path): then they must match some file.
	SchemaPathsSet bool
}

// File is a parsed config file.
type File struct {
	Units []Unit
	// RuleSeverity maps a rule id to off, warning or error.
	RuleSeverity map[string]string
	// PostgresVersion is the server's major version (0: not set).
	PostgresVersion int
	// MySQLVersion is the server's version as written ("8.0.12"; "": not set).
	MySQLVersion string
}

var (
	unitKeys     = []string{"name", "migrations-path", "schema-paths", "code-paths", "sql-dialect"}
	topKeys      = []string{"units", "rules", "postgres-version", "mysql-version"}
	severities   = []string{"off", "warning", "error"}
	unitNameRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`)
	ruleIDRe     = regexp.MustCompile(`^SG[0-9]{3}$`)
	mysqlVersion = regexp.MustCompile(`^[0-9]{1,2}(\.[0-9]{1,2}){0,2}$`)
)

// fileErr is a problem in the config file: bad input (exit 2) that names the
// file, the line and the key.
func fileErr(name string, n *yaml.Node, format string, args ...any) error {
	where := name
	if n != nil && n.Line > 0 {
		where = fmt.Sprintf("%s line %d", name, n.Line)
	}
	return &InputError{Input: "config-file", Reason: where + ": " + fmt.Sprintf(format, args...)}
}

// ParseFile parses and validates config file data (name is how to call the
// file in messages). Keys a unit leaves out come from base, the validated
// inputs. knownRules reports whether a rule id exists, so a misspelt id is
// bad input rather than a setting that silently does nothing.
func ParseFile(name string, data []byte, base *Config, knownRules func(string) bool) (*File, error) {
	if len(data) > maxConfigFile {
		return nil, fileErr(name, nil, "is %d bytes, over the %d-byte limit for a config file", len(data), maxConfigFile)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, fileErr(name, nil, "is empty: give at least one unit under units:, or delete the file")
		}
		return nil, fileErr(name, nil, "is not valid YAML: %v", err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fileErr(name, root, "must be a mapping with the keys %s", strings.Join(topKeys, ", "))
	}
	f := &File{RuleSeverity: map[string]string{}}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, fileErr(name, k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "units":
			f.Units, err = parseUnits(name, v, base)
		case "rules":
			err = parseRules(name, v, f, knownRules)
		case "postgres-version":
			f.PostgresVersion, err = parsePostgresVersion(name, v)
		case "mysql-version":
			if v.Kind != yaml.ScalarNode || !mysqlVersion.MatchString(v.Value) {
				err = fileErr(name, v, "mysql-version %q is not a version: write it quoted, such as \"8.0\", \"8.0.12\" or \"10.11\" (MariaDB)", v.Value)
			}
			f.MySQLVersion = v.Value
		default:
			err = fileErr(name, k, "unknown key %q: valid keys are %s", k.Value, strings.Join(topKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	if !seen["units"] {
		f.Units = []Unit{baseUnit(base)}
	}
	return f, nil
}

// baseUnit is the one unit the inputs describe.
func baseUnit(c *Config) Unit {
	return Unit{
		MigrationsPath: c.MigrationsPath, MigrationsDir: c.MigrationsDir,
		Schema: c.Rules.Schema, Code: c.Rules.Code, SQLDialect: c.SQLDialect,
		SchemaPathsSet: c.SchemaPathsSet,
	}
}

// InputUnit is the one unit the inputs describe (Name ""): what check
// works on without a config file, or with one that has no units: key.
func (c *Config) InputUnit() Unit { return baseUnit(c) }

// SetRuleSettings takes the config file's rule settings (rules:,
// postgres-version, mysql-version) for the SQL rules; a nil f clears them.
func (c *Config) SetRuleSettings(f *File) {
	if f == nil {
		c.RuleSeverity, c.PostgresVersion, c.MySQLVersion = nil, 0, ""
		return
	}
	c.RuleSeverity, c.PostgresVersion, c.MySQLVersion = f.RuleSeverity, f.PostgresVersion, f.MySQLVersion
}

func parseUnits(name string, n *yaml.Node, base *Config) ([]Unit, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, fileErr(name, n, "units must be a list of units, each with a name and a migrations-path")
	}
	var units []Unit
	names := map[string]bool{}
	dirs := map[string]string{}
	for _, un := range n.Content {
		if un.Kind != yaml.MappingNode {
			return nil, fileErr(name, un, "each unit must be a mapping with the keys %s", strings.Join(unitKeys, ", "))
		}
		u, err := parseUnit(name, un, base)
		if err != nil {
			return nil, err
		}
		if names[u.Name] {
			return nil, fileErr(name, un, "two units are named %q: give each unit its own name", u.Name)
		}
		names[u.Name] = true
		if other, ok := dirs[u.MigrationsPath]; ok {
			return nil, fileErr(name, un, "units %q and %q share migrations-path %s: a migrations directory belongs to one unit (one database)", other, u.Name, u.MigrationsPath)
		}
		dirs[u.MigrationsPath] = u.Name
		units = append(units, u)
	}
	return units, nil
}

func parseUnit(name string, n *yaml.Node, base *Config) (Unit, error) {
	u := baseUnit(base)
	vals := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(unitKeys, k.Value) {
			return u, fileErr(name, k, "unknown key %q in a unit: valid keys are %s", k.Value, strings.Join(unitKeys, ", "))
		}
		if vals[k.Value] != nil {
			return u, fileErr(name, k, "key %q appears twice in one unit", k.Value)
		}
		vals[k.Value] = v
	}
	nameNode := vals["name"]
	if nameNode == nil || nameNode.Kind != yaml.ScalarNode || !unitNameRe.MatchString(nameNode.Value) {
		return u, fileErr(name, n, "every unit needs a name of letters, digits, '.', '_' or '-' (such as billing)")
	}
	u.Name = nameNode.Value
	in := func(key string) string { return fmt.Sprintf("unit %s: %s", u.Name, key) }

	migrationsSet := false
	if v := vals["migrations-path"]; v != nil {
		if v.Kind != yaml.ScalarNode {
			return u, fileErr(name, v, "%s must be one directory", in("migrations-path"))
		}
		rel, abs, err := MigrationsDir(base.Workspace, v.Value)
		if err != nil {
			return u, fileErr(name, v, "%s: %v", in("migrations-path"), err)
		}
		u.MigrationsPath, u.MigrationsDir, migrationsSet = rel, abs, true
	}
	var err error
	if v := vals["schema-paths"]; v != nil {
		if u.Schema, err = globsNode(name, v, in("schema-paths")); err != nil {
			return u, err
		}
		u.SchemaPathsSet = true
	} else if migrationsSet {
		u.Schema, _ = classify.Compile([]string{escapeGlob(u.MigrationsPath) + "/**"})
		u.SchemaPathsSet = false
	}
	if v := vals["code-paths"]; v != nil {
		if u.Code, err = globsNode(name, v, in("code-paths")); err != nil {
			return u, err
		}
	}
	if v := vals["sql-dialect"]; v != nil {
		d := strings.ToLower(v.Value)
		if v.Kind != yaml.ScalarNode || !slices.Contains(Dialects, d) {
			return u, fileErr(name, v, "%s %q is not a dialect: valid dialects are %s", in("sql-dialect"), v.Value, strings.Join(Dialects, ", "))
		}
		u.SQLDialect = d
	}
	return u, nil
}

// globsNode reads a list of globs: a YAML list, or one string with one glob
// per line or comma-separated (as the inputs take them).
func globsNode(name string, n *yaml.Node, what string) (*classify.Globs, error) {
	var patterns []string
	switch n.Kind {
	case yaml.ScalarNode:
		patterns = ParseList(n.Value)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, fileErr(name, c, "%s must be a list of globs", what)
			}
			patterns = append(patterns, c.Value)
		}
	default:
		return nil, fileErr(name, n, "%s must be a list of globs", what)
	}
	if len(patterns) == 0 {
		return nil, fileErr(name, n, "%s is empty: give at least one glob, or leave the key out", what)
	}
	g, err := classify.Compile(patterns)
	if err != nil {
		return nil, fileErr(name, n, "%s: %v", what, err)
	}
	return g, nil
}

func parseRules(name string, n *yaml.Node, f *File, known func(string) bool) error {
	if n.Kind != yaml.MappingNode {
		return fileErr(name, n, "rules must map rule ids to off, warning or error (such as SG224: off)")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := strings.ToUpper(k.Value)
		if !ruleIDRe.MatchString(id) || (known != nil && !known(id)) {
			return fileErr(name, k, "unknown rule %q: give a rule id such as SG224 (docs/rules.md lists them)", k.Value)
		}
		if _, dup := f.RuleSeverity[id]; dup {
			return fileErr(name, k, "rule %s appears twice", id)
		}
		sev := strings.ToLower(v.Value)
		if v.Kind != yaml.ScalarNode || !slices.Contains(severities, sev) {
			return fileErr(name, v, "rule %s: %q is not a setting: use off, warning or error", id, v.Value)
		}
		f.RuleSeverity[id] = sev
	}
	return nil
}

// parsePostgresVersion takes a major version: 14, "14", "9.6" (major 9) or
// "16.2".
func parsePostgresVersion(name string, n *yaml.Node) (int, error) {
	bad := fileErr(name, n, "postgres-version %q is not a PostgreSQL version: give the major version, such as 14 or 9.6", n.Value)
	if n.Kind != yaml.ScalarNode {
		return 0, bad
	}
	major, _, _ := strings.Cut(n.Value, ".")
	v, err := strconv.Atoi(major)
	if err != nil || v < 9 || v > 99 {
		return 0, bad
	}
	return v, nil
}

// SelectUnit picks the unit a database command works on: the one named by
// the unit input, or the only one. It is bad input to name a unit that does
// not exist, or to leave unit empty when there are several.
func (f *File) SelectUnit(unit string) (Unit, error) {
	names := make([]string, len(f.Units))
	for i, u := range f.Units {
		names[i] = u.Name
		if unit != "" && u.Name == unit {
			return u, nil
		}
	}
	switch {
	case unit != "":
		return Unit{}, inputErr("unit", "no unit is named %q in the config file: valid units are %s", unit, strings.Join(names, ", "))
	case len(f.Units) > 1:
		return Unit{}, inputErr("unit", "the config file has %d units (%s): name the one this command works on", len(f.Units), strings.Join(names, ", "))
	}
	return f.Units[0], nil
}

// configFilePath validates the config-file input: relative, inside the
// workspace. named is false for the default, whose absence is no error.
func configFilePath(workspace, p string) (rel string, named bool, err error) {
	if p == "" {
		return "", false, nil
	}
	named = p != DefaultConfigFile
	clean := filepath.Clean(filepath.FromSlash(p))
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", named, inputErr("config-file", "%q is not a path inside the workspace: give it relative to the repository root, such as .schemagate.yml", p)
	}
	return filepath.ToSlash(clean), named, nil
}

// ReadRegular reads a config file from the work tree: a regular file only
// (never a symlink, FIFO or device a pull request could plant), at most
// maxConfigFile bytes. ok is false when it does not exist.
func ReadRegular(path string) (data []byte, ok bool, err error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() {
		return nil, true, fmt.Errorf("is not a regular file (%s): schemagate reads only a plain file as its config", st.Mode().Type())
	}
	if st.Size() > maxConfigFile {
		return nil, true, fmt.Errorf("is %d bytes, over the %d-byte limit for a config file", st.Size(), maxConfigFile)
	}
	data, err = os.ReadFile(path)
	return data, true, err
}

// ApplyFile reads the config file from the workspace and points a database
// command at its unit: the unit's migrations path and dialect replace the
// inputs'. Without a config file, a unit input is bad input (there is
// nothing to choose from); a config file the user named must exist.
func (c *Config) ApplyFile(knownRules func(string) bool) error {
	if c.ConfigFile == "" {
		if c.Unit != "" {
			return inputErr("unit", "%q names a unit, but config-file is empty: set config-file, or leave unit empty", c.Unit)
		}
		return nil
	}
	data, ok, err := ReadRegular(filepath.Join(c.Workspace, filepath.FromSlash(c.ConfigFile)))
	if err != nil {
		return inputErr("config-file", "%s %v", c.ConfigFile, err)
	}
	if !ok {
		switch {
		case c.ConfigFileNamed:
			return inputErr("config-file", "%s does not exist in the workspace: check the path, or leave config-file at its default", c.ConfigFile)
		case c.Unit != "":
			return inputErr("unit", "%q names a unit, but there is no config file (%s): add one with a units: list, or leave unit empty", c.Unit, c.ConfigFile)
		}
		return nil
	}
	f, err := ParseFile(c.ConfigFile, data, c, knownRules)
	if err != nil {
		return err
	}
	u, err := f.SelectUnit(c.Unit)
	if err != nil {
		return err
	}
	c.File = f
	c.SetRuleSettings(f)
	c.UnitName = u.Name
	c.MigrationsPath, c.MigrationsDir, c.SQLDialect = u.MigrationsPath, u.MigrationsDir, u.SQLDialect
	c.Rules.Schema, c.Rules.Code = u.Schema, u.Code
	return nil
}

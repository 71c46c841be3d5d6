package sqllint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/schemagate/schemagate/internal/finding"
)

// Settings tune the rules (the config file's `rules:`, `postgres-version`
// and `mysql-version`). The zero value is the defaults.
type Settings struct {
	// Severity overrides a rule's severity by id: "off", "warning" or
	// "error". A rule that is off by default is turned on by a severity.
	Severity map[string]string
	// PostgresVersion is the server's major version; 0: unknown, judged as
	// a current server.
	PostgresVersion int
	// MySQLVersion is the server's version ("5.7", "8.0.12", MariaDB
	// "10.6"); "": unknown, judged as a current server.
	MySQLVersion string
}

// Validate names the first setting that cannot be used.
func (s Settings) Validate() error {
	ids := make([]string, 0, len(s.Severity))
	for id := range s.Severity {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := ruleByID(id)
		if r == nil || r.check == nil && r != ruleSG200 {
			return fmt.Errorf("rules: unknown or unconfigurable rule %q; the SQL rules are %s", id, strings.Join(ConfigurableRules(), ", "))
		}
		switch s.Severity[id] {
		case "off", "warning", "error":
		default:
			return fmt.Errorf("rules: %s: unknown severity %q; use off, warning or error", id, s.Severity[id])
		}
	}
	if s.PostgresVersion < 0 || s.PostgresVersion > 0 && s.PostgresVersion < 9 {
		return fmt.Errorf("postgres-version: %d is not a PostgreSQL major version; write it like 14", s.PostgresVersion)
	}
	if s.MySQLVersion != "" {
		if _, ok := parseVersion(s.MySQLVersion); !ok {
			return fmt.Errorf("mysql-version: %q is not a version; write it like \"8.0\" or \"8.0.12\" (MariaDB: \"10.6\")", s.MySQLVersion)
		}
	}
	return nil
}

// ConfigurableRules lists the ids the config file's `rules:` may name.
func ConfigurableRules() []string {
	var ids []string
	for _, r := range allRules {
		if r.check != nil || r == ruleSG200 {
			ids = append(ids, r.id)
		}
	}
	return ids
}

// enabled reports whether r runs in dialect under s.
func (s Settings) enabled(r *rule, dialect string) bool {
	if !r.appliesTo(dialect) {
		return false
	}
	if sev, ok := s.Severity[r.id]; ok {
		return sev != "off"
	}
	return !r.off
}

func (s Settings) severity(r *rule) finding.Severity {
	switch s.Severity[r.id] {
	case "warning":
		return finding.Warning
	case "error":
		return finding.Error
	}
	return r.severity
}

// parseVersion reads "8", "8.0" or "8.0.12" into [major, minor, patch].
func parseVersion(v string) ([3]int, bool) {
	var out [3]int
	parts := strings.Split(strings.TrimSpace(v), ".")
	if len(parts) == 0 || len(parts) > 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

// mysqlInstantAddColumn reports whether the configured server adds a column
// without rebuilding the table (MySQL 8.0.12+, MariaDB 10.3.2+); an unknown
// version is taken as current.
func (s Settings) mysqlInstantAddColumn() bool {
	v, ok := parseVersion(s.MySQLVersion)
	if s.MySQLVersion == "" || !ok {
		return true
	}
	if v[0] >= 10 { // MariaDB
		return v[0] > 10 || v[1] > 3 || v[1] == 3 && v[2] >= 2
	}
	return v[0] > 8 || v[0] == 8 && (v[1] > 0 || v[2] >= 12)
}

// pgRewritesForDefault reports whether ADD COLUMN with any default rewrites
// the table (PostgreSQL before 11).
func (s Settings) pgRewritesForDefault() bool {
	return s.PostgresVersion > 0 && s.PostgresVersion < 11
}

package config

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/schemagate/schemagate/internal/window"
)

// HistoryNone is the history-table value that keeps no history. (An empty
// input means the default, as for every input: the runner cannot tell an
// empty value from an absent one.)
const HistoryNone = "none"

// MaxLockRetries bounds lock-retries: past a few tries the lock is not
// going to be released, and the job should say so.
const MaxLockRetries = 10

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// parseHistoryTable returns the history table, "" for none. It is an
// identifier, optionally schema-qualified (schema.table; on MySQL the
// database): the engines quote it, so only plain identifiers are accepted.
func parseHistoryTable(v string) (string, error) {
	const name = "history-table"
	if strings.EqualFold(v, HistoryNone) {
		return "", nil
	}
	parts := strings.Split(v, ".")
	if v == "" || len(parts) > 2 {
		return "", inputErr(name, "%q is not a table name: give a name such as schemagate_history or ops.schemagate_history (letters, digits and _, at most 63 each), or none to keep no history", v)
	}
	for _, p := range parts {
		if !identifier.MatchString(p) {
			return "", inputErr(name, "%q is not a table name: give a name such as schemagate_history or ops.schemagate_history (letters, digits and _, starting with a letter or _, at most 63 each), or none to keep no history", v)
		}
	}
	if strings.EqualFold(parts[len(parts)-1], "schema_migrations") {
		return "", inputErr(name, "%q is golang-migrate's own version table: give another name, such as schemagate_history", v)
	}
	return v, nil
}

func parseWindows(v string) ([]window.Window, error) {
	ws, err := window.Parse(v)
	var le *window.LineError
	if errors.As(err, &le) {
		return nil, inputErr("migration-windows", "%v. Write each window as %s", le, window.Syntax)
	}
	return ws, err
}

// parseStatementLockTimeout reads statement-lock-timeout: empty for none.
func parseStatementLockTimeout(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Millisecond || d > 24*time.Hour {
		return 0, inputErr("statement-lock-timeout", "%q is not a duration between 1ms and 24h: use a Go duration such as 3s or 500ms (MySQL counts whole seconds and rounds up), or leave it empty for none", v)
	}
	return d, nil
}

func parseLockRetries(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxLockRetries {
		return 0, inputErr("lock-retries", "%q is not a number of retries: give a whole number from 0 to %d", v, MaxLockRetries)
	}
	return n, nil
}

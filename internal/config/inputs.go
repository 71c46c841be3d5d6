// Package config owns the public inputs: their names, defaults and
// descriptions (the manifest that action.yml and the README are tested
// against), how they are read (CLI flags, INPUT_* variables, defaults) and
// how they are validated into a Config.
package config

// Input is one input of the action, declared once here. action.yml and the
// README's input table are tested against this list.
type Input struct {
	Name        string
	Default     string
	Description string
}

// Output is one output of the action.
type Output struct {
	Name        string
	Description string
}

// TokenDefault is the action.yml default of github-token. Outside GitHub it is
// never expanded, so it counts as empty.
const TokenDefault = "${{ github.token }}"

// Inputs is the manifest of every input, in the order action.yml lists them.
var Inputs = []Input{
	{"command", "check", "One of check, plan, migrate, down, force, verify, rehearse, drift."},
	{"migrations-path", "migrations", "Directory of golang-migrate files, relative to the workspace; must stay inside it."},
	{"database-url", "", "golang-migrate database URL, from a secret; falls back to env DATABASE_URL. Never printed: masked and redacted from every message."},
	{"schema-paths", "", "Globs, one per line or comma-separated, whose files count as schema. Empty: <migrations-path>/**."},
	{"code-paths", "**", "Globs whose files count as code."},
	{"ignore-paths", "**/*.md\ndocs/**\n.github/**\n", "Globs that count as neither; checked first."},
	{"allow-mixed-label", "allow-mixed-deploy", "A pull request carrying this label passes a mixed check with a warning. Empty: no override."},
	{"github-token", TokenDefault, "Token for the pull request file list, labels and comments."},
	{"base-ref", "", "Override the compared range: the base revision (any git revision). Required for events that carry no range."},
	{"head-ref", "", "Override the compared range: the head revision (default HEAD)."},
	{"comment", "false", "true: create or update one sticky pull request comment with the report."},
	{"target-version", "", "migrate: stop at this version (may lie below the current one). Empty: latest."},
	{"steps", "1", "down: how many migrations to roll back."},
	{"version", "", "force: the version to set (-1 for none)."},
	{"lock-timeout", "5m", "How long to wait for the migration lock (Go duration); plan and verify take no lock and wait this long for the server to answer."},
	{"allowed-refs", "", "Refs that migrate, down and force may run from, one per line, globs allowed. Empty: the default branch."},
	{"require-down", "false", "true: a new up migration without its down file is an error, not a warning."},
	{"sql-dialect", "postgres", "Dialect for the SQL safety rules: postgres, mysql (MySQL and MariaDB), sqlite, or none to turn them off."},
	{"config-file", DefaultConfigFile, "Deploy units and rule settings (YAML); check reads it at the base revision, so a pull request cannot loosen its own gate. Absent: the inputs describe one unit."},
	{"unit", "", "Database commands: the deploy unit of the config file whose migrations path and dialect to use; required when the config file has more than one unit."},
	{"history-table", "schemagate_history", "Table (optionally schema.table) in which migrate, down and force record every run: version, direction, file checksum, commit, actor, run URL, start, end, outcome. none: keep no history."},
	{"migration-windows", "", "migrate and down run only inside one of these windows, one per line, such as Tue 14:00-16:00 Europe/London (days Mon..Sun, ranges Mon-Fri, lists Mon,Thu). force is never held back. Empty: any time."},
	{"statement-lock-timeout", "", "migrate, down, rehearse: PostgreSQL lock_timeout / MySQL lock_wait_timeout (Go duration) for every migration's session, so DDL that cannot get its table lock fails fast. check: tells SG224 the migrate job sets it. Empty: none."},
	{"lock-retries", "0", "migrate: retry a migration that failed on statement-lock-timeout this many times (0 to 10), with backoff, where the failure left nothing applied (transactional PostgreSQL migrations)."},
	{"seed-file", "", "rehearse: a SQL file (relative to the workspace) run after the base schema is built and before the generated rows (realistic data)."},
	{"rehearse-rows", "1000", "rehearse: generated rows per table before the new migrations run (0 for none)."},
	{"scratch-database-url", "", "drift, and the exact dirty-state recovery of plan, verify, migrate and down: an empty database on the same engine to replay the migrations into (SQLite: a temporary file when empty). Masked like database-url."},
	{"sarif-file", "", "check: also write the findings as SARIF 2.1.0 to this path, relative to the workspace (for github/codeql-action/upload-sarif)."},
}

// Outputs is the manifest of every output.
var Outputs = []Output{
	{"change-kind", "check: schema, code, mixed or none."},
	{"schema-files", "check: JSON array of the changed schema paths."},
	{"code-files", "check: JSON array of the changed code paths."},
	{"overridden", "check: true when the label let a mixed change set pass."},
	{"new-migrations", "check: JSON array of the new migration files."},
	{"findings", "check: JSON array of {rule, severity, file, line, message}."},
	{"units", "check: JSON array of {name, change-kind}, one per deploy unit of the config file (without one: a single unit named default)."},
	{"previous-version", "migrate, down, force: version before the run (empty when none)."},
	{"current-version", "plan, migrate, down, force, verify: version after the run (empty when none)."},
	{"dirty", "plan, migrate, down, force, verify: true or false. Not set (nor current-version) when a failed run could not read the state back: the summary says it is unknown."},
	{"pending-count", "plan, migrate, verify: migrations not yet applied (after the run, for migrate)."},
	{"pending", "plan, verify: JSON array of pending migration files."},
	{"applied-count", "migrate, down: migrations applied or rolled back by this run."},
	{"rehearsal", "rehearse: JSON array of {file, direction, duration-ms, ok, error}, one per step, in order."},
	{"schema-diff", "rehearse, drift: JSON array of {object, name, change, detail} (rehearse: base schema vs after the change set; drift: expected vs live)."},
	{"drift", "drift: true or false."},
}

// Commands are the values of input command.
var Commands = []string{"check", "plan", "migrate", "down", "force", "verify", "rehearse", "drift"}

// Dialects are the values of input sql-dialect.
var Dialects = []string{"postgres", "mysql", "sqlite", "none"}

// Lookup returns the manifest entry for name.
func Lookup(name string) (Input, bool) {
	for _, in := range Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}

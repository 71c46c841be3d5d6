package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"github.com/lib/pq"
)

// postgresReadable reads the table golang-migrate's postgres (lib/pq) and
// pgx/v5 drivers use: x-migrations-table (default schema_migrations) in the
// connection's current schema (the first schema of search_path that exists
// and the user may use), or, with x-migrations-table-quoted=true, the schema
// the quoted name gives ("migrate"."schema_migrations").
func postgresReadable(db *DB) (*readable, error) {
	u, err := url.Parse(db.URL)
	if err != nil {
		// ParseURL accepted it; a second parse cannot fail. Keep the URL
		// out of the message all the same.
		return nil, inputError("database-url", "is not a valid URL", nil)
	}
	schema, table, err := postgresTable(db.Params)
	if err != nil {
		return nil, err
	}
	driver := "postgres" // lib/pq, as golang-migrate's postgres driver
	if db.Scheme == "pgx5" {
		u.Scheme = "postgres"
		driver = "pgx/v5" // registered by golang-migrate's pgx/v5 driver (open.go)
	}
	return &readable{
		driver:     driver,
		dsn:        withoutCustom(u).String(),
		readOnlyTx: true,
		table: func(ctx context.Context, q querier) (string, error) {
			if schema == "" {
				var cur sql.NullString
				if err := q.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
					return "", failed("read the current schema of the "+where(db), err)
				}
				if !cur.Valid {
					return "", inputError("database-url", fmt.Sprintf("the connection to the %s has no current schema: no schema on its search_path exists or may be used by the database user (golang-migrate keeps its version table there). Fix search_path in database-url or the role, or grant USAGE on the schema", where(db)), nil)
				}
				schema = cur.String
			}
			return pq.QuoteIdentifier(schema) + "." + pq.QuoteIdentifier(table), nil
		},
		// undefined_table; invalid_schema_name when a quoted schema is
		// missing: either way nothing was ever applied there.
		missing: func(err error) bool { return hasSQLState(err, "42P01", "3F000") },
		denied:  func(err error) bool { return hasSQLState(err, "42501") },
		grant: func(table string) string {
			return "GRANT SELECT ON " + table + " TO <user> (and CONNECT on the database, USAGE on the schema)"
		},
	}, nil
}

// quotedName is golang-migrate's pattern for x-migrations-table-quoted.
var quotedName = regexp.MustCompile(`"(.*?)"`)

// postgresTable returns the schema ("" for the current schema) and table
// named by golang-migrate's x-migrations-table options, with its checks.
func postgresTable(q url.Values) (schema, table string, err error) {
	table = q.Get("x-migrations-table")
	quoted := false
	if s := q.Get("x-migrations-table-quoted"); s != "" {
		quoted, err = strconv.ParseBool(s)
		if err != nil {
			return "", "", inputError("database-url", fmt.Sprintf("x-migrations-table-quoted=%q is not a boolean: use true or false", s), nil)
		}
	}
	if table != "" && quoted && (table[0] != '"' || table[len(table)-1] != '"') {
		return "", "", inputError("database-url", fmt.Sprintf("x-migrations-table must be quoted (such as \"migrate\".\"schema_migrations\") when x-migrations-table-quoted is true, got %q", table), nil)
	}
	if table == "" {
		table = "schema_migrations"
	}
	if !quoted {
		return "", table, nil
	}
	parts := quotedName.FindAllStringSubmatch(table, -1)
	switch len(parts) {
	case 0: // the unquoted default
		return "", table, nil
	case 1:
		return "", parts[0][1], nil
	case 2:
		return parts[0][1], parts[1][1], nil
	}
	return "", "", inputError("database-url", fmt.Sprintf("x-migrations-table %q has more than two quoted parts: use \"schema\".\"table\"", table), nil)
}

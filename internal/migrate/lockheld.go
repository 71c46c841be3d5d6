package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"

	"github.com/golang-migrate/migrate/v4/database"
)

// migrationLockHeld says whether some session holds golang-migrate's
// migration lock on db now: a run in progress, or a server still finishing
// the file of a client that was killed. plan and verify take no lock, so
// before they compare a dirty database's schema they must know that
// nothing is changing it. It only reads: pg_locks, IS_USED_LOCK, or a
// shared flock(2) tried and released at once on the SQLite file.
func migrationLockHeld(ctx context.Context, db *DB) (bool, error) {
	switch db.Engine {
	case Postgres:
		rd, err := postgresReadable(db)
		if err != nil {
			return false, err
		}
		schema, table, err := postgresTable(db.Params)
		if err != nil {
			return false, err
		}
		u, err := url.Parse(db.URL)
		if err != nil {
			return false, inputError("database-url", "is not a valid URL", nil)
		}
		var n int
		err = withConn(ctx, rd.driver, rd.dsn, func(c *sql.DB) error {
			var cur sql.NullString
			if err := c.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
				return err
			}
			if schema == "" {
				schema = cur.String
			}
			// golang-migrate's postgres and pgx/v5 drivers, opened by URL,
			// name the database by the URL's path, leading slash included.
			id, err := lockID(u.Path, schema, table)
			if err != nil {
				return err
			}
			// The key fits in 32 bits: classid 0, objid the key.
			return c.QueryRowContext(ctx, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = 0 AND objid::bigint = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", id).Scan(&n)
		})
		return n > 0, err
	case MySQL:
		rd, err := mysqlReadable(db)
		if err != nil {
			return false, err
		}
		table := db.Params.Get("x-migrations-table")
		if table == "" {
			table = "schema_migrations"
		}
		var holder sql.NullInt64
		err = withConn(ctx, rd.driver, rd.dsn, func(c *sql.DB) error {
			var name string
			if err := c.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name); err != nil {
				return err
			}
			id, err := database.GenerateAdvisoryLockId(fmt.Sprintf("%s:%s", name, table))
			if err != nil {
				return err
			}
			return c.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", id).Scan(&holder)
		})
		return holder.Valid, err
	}
	return fileLocked(sqlitePath(db))
}

func lockID(name, schema, table string) (int64, error) {
	s, err := database.GenerateAdvisoryLockId(name, schema, table)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, 64)
}

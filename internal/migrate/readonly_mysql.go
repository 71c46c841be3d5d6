package migrate

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// mysqlReadable reads the table golang-migrate's mysql driver uses:
// x-migrations-table (default schema_migrations) in the URL's database.
func mysqlReadable(db *DB) (*readable, error) {
	cfg, custom, err := mysqlConfig(db.URL)
	if err != nil {
		return nil, inputError("database-url", "is not a MySQL URL golang-migrate accepts (use mysql://user:password@tcp(host:3306)/dbname; TLS options tls, x-tls-ca, x-tls-cert, x-tls-key)", redactedErr(err, db))
	}
	table := custom["x-migrations-table"]
	if table == "" {
		table = "schema_migrations"
	}
	quoted := "`" + strings.ReplaceAll(table, "`", "``") + "`"
	return &readable{
		driver:     "mysql",
		dsn:        cfg.FormatDSN(),
		readOnlyTx: true, // START TRANSACTION READ ONLY
		table:      func(context.Context, querier) (string, error) { return quoted, nil },
		missing:    func(err error) bool { return mysqlErrno(err, 1146) }, // ER_NO_SUCH_TABLE
		// ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR
		denied: func(err error) bool { return mysqlErrno(err, 1142, 1143) },
		grant: func(table string) string {
			return "GRANT SELECT ON " + cfg.DBName + "." + table + " TO <user>"
		},
	}, nil
}

func mysqlErrno(err error, codes ...uint16) bool {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return false
	}
	for _, c := range codes {
		if me.Number == c {
			return true
		}
	}
	return false
}

// mysqlConfig is golang-migrate's urlToMySQLConfig and
// extractCustomQueryParams: a TLS config named by tls= is registered from
// x-tls-ca, x-tls-cert and x-tls-key before the DSN is parsed, the user and
// password are percent-decoded, and the x-* parameters are taken out (the
// driver would send them to the server as session variables).
func mysqlConfig(raw string) (*mysql.Config, map[string]string, error) {
	if idx := strings.LastIndex(raw, "?"); idx > 0 {
		params, err := url.ParseQuery(raw[idx+1:])
		if err != nil {
			return nil, nil, err
		}
		if err := registerMySQLTLS(params); err != nil {
			return nil, nil, err
		}
	}
	cfg, err := mysql.ParseDSN(strings.TrimPrefix(raw, "mysql://"))
	if err != nil {
		return nil, nil, err
	}
	if cfg.User, err = url.QueryUnescape(cfg.User); err != nil {
		return nil, nil, errors.New("invalid escape in the user")
	}
	if cfg.Passwd, err = url.QueryUnescape(cfg.Passwd); err != nil {
		return nil, nil, errors.New("invalid escape in the password")
	}
	custom := map[string]string{}
	for k, v := range cfg.Params {
		if strings.HasPrefix(k, "x-") {
			custom[k] = v
			delete(cfg.Params, k)
		}
	}
	return cfg, custom, nil
}

// registerMySQLTLS registers the custom TLS config a tls=<name> parameter
// refers to, as golang-migrate does.
func registerMySQLTLS(params url.Values) error {
	name := params.Get("tls")
	if name == "" || strings.EqualFold(name, "skip-verify") || strings.EqualFold(name, "preferred") {
		return nil
	}
	if _, err := strconv.ParseBool(name); err == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pem, err := os.ReadFile(params.Get("x-tls-ca"))
	if err != nil {
		return fmt.Errorf("read x-tls-ca: %w", err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		return errors.New("x-tls-ca holds no PEM certificate")
	}
	var certs []tls.Certificate
	if cert, key := params.Get("x-tls-cert"), params.Get("x-tls-key"); cert != "" || key != "" {
		if cert == "" || key == "" {
			return errors.New("x-tls-cert and x-tls-key must both be set for TLS client authentication")
		}
		c, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return fmt.Errorf("load x-tls-cert and x-tls-key: %w", err)
		}
		certs = append(certs, c)
	}
	skip := false
	if s := params.Get("x-tls-insecure-skip-verify"); s != "" {
		if skip, err = strconv.ParseBool(s); err != nil {
			return errors.New("x-tls-insecure-skip-verify is not a boolean")
		}
	}
	return mysql.RegisterTLSConfig(name, &tls.Config{RootCAs: pool, Certificates: certs, InsecureSkipVerify: skip}) // #nosec G402 -- the user's own x-tls-insecure-skip-verify, as golang-migrate honours it
}

// redactedErr drops an error whose text may quote the URL (the MySQL DSN
// parser's errors can), keeping only errors known to be safe.
func redactedErr(err error, db *DB) error {
	msg := err.Error()
	if strings.Contains(msg, db.URL) || strings.Contains(msg, strings.TrimPrefix(db.URL, "mysql://")) {
		return errors.New("the MySQL DSN parser rejected it")
	}
	return err
}

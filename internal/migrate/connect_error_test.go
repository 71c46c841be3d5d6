package migrate

import (
	"errors"
	"strings"
	"testing"
)

// TestConnectErrorSaysWhatHappened: the message names the cause the
// driver's answer shows; a URL the driver refuses before connecting is not
// called a TLS failure, and nothing is claimed about a server never dialled.
func TestConnectErrorSaysWhatHappened(t *testing.T) {
	t.Parallel()
	db := &DB{Engine: Postgres}
	for _, tc := range []struct{ driver, want string }{
		{"cannot parse `postgres://app@h/db?password=***&sslmode=bogus`: failed to configure TLS (sslmode is invalid)", "the driver cannot use database-url"},
		{`pq: wrong value for "sslmode": "bogus" is not supported`, "the driver cannot use database-url"},
		{`pq: unrecognized configuration parameter "sslpassword" (42704)`, "the driver cannot use database-url"},
		{"tls: failed to verify certificate: x509: certificate signed by unknown authority", "TLS negotiation"},
		{"pq: SSL is not enabled on the server", "TLS negotiation"},
		{"dial tcp 127.0.0.1:1: connect: connection refused", "cannot reach the server"},
		{`pq: password authentication failed for user "app"`, "wrong user or password"},
		{`pq: database "shop" does not exist`, "does not exist"},
	} {
		err := connectError(db, errors.New(tc.driver))
		if !strings.Contains(err.Error(), tc.want) || KindOf(err) != KindInput {
			t.Errorf("%q: %v, want %q", tc.driver, err, tc.want)
		}
	}
}

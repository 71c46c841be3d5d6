package migrate

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/lib/pq"
)

// TestOutcomeOf: only an answer from the engine counts as a failed
// statement; a lost connection or a dying server is unknown.
func TestOutcomeOf(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error {
		return database.Error{OrigErr: err, Err: "migration failed", Query: []byte("SELECT 1")}
	}
	tests := []struct {
		name string
		err  error
		want Outcome
	}{
		{"lib/pq syntax error", wrap(&pq.Error{Code: "42601"}), OutcomeFailed},
		{"lib/pq cancelled statement", wrap(&pq.Error{Code: "57014"}), OutcomeFailed},
		{"lib/pq admin shutdown", wrap(&pq.Error{Code: "57P01"}), OutcomeUnknown},
		{"lib/pq connection failure", wrap(&pq.Error{Code: "08006"}), OutcomeUnknown},
		{"pointer to database.Error", &database.Error{OrigErr: &pq.Error{Code: "42P01"}}, OutcomeFailed},
		{"lib/pq crash shutdown", wrap(&pq.Error{Code: "57P02"}), OutcomeUnknown},
		{"mysql no such table", wrap(&mysql.MySQLError{Number: 1146}), OutcomeFailed},
		{"mysql query interrupted", wrap(&mysql.MySQLError{Number: 1317}), OutcomeFailed},
		{"mysql server shutdown", wrap(&mysql.MySQLError{Number: 1053}), OutcomeUnknown},
		{"bad connection", wrap(driver.ErrBadConn), OutcomeUnknown},
		{"EOF", wrap(fmt.Errorf("read: %w", io.EOF)), OutcomeUnknown},
		{"unwrapped unknown", errors.New("connection reset by peer"), OutcomeUnknown},
		{"nil", nil, OutcomeCompleted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := outcomeOf(tt.err); got != tt.want {
				t.Errorf("outcomeOf(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}

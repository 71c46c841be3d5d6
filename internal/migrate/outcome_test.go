package migrate

import (
	"context"
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
	// SQLite runs in the process: even the context's error after an
	// interrupt (what modernc returns) means the engine returned; on a
	// server the same error says nothing about the statement.
	interrupted := wrap(fmt.Errorf("interrupted: %w", context.Canceled))
	if got := outcomeOf(SQLite, interrupted); got != OutcomeFailed {
		t.Errorf("sqlite interrupted: %s, want failed", got)
	}
	if got := outcomeOf(Postgres, interrupted); got != OutcomeUnknown {
		t.Errorf("postgres context canceled: %s, want unknown", got)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := outcomeOf(Postgres, tt.err); got != tt.want {
				t.Errorf("outcomeOf(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}
